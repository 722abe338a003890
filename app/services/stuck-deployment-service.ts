/**
 * Deployments silent past their environment's timeout become `unknown`, with the reason recorded (and
 * mirrored to GitHub). The check reads only the store, so it picks up where it was after a restart.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { changeStatus } from './status-change.js';

export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

export class StuckDeploymentService {
  constructor(
    private readonly store: Store,
    private readonly onChanged: () => void,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Marks every overdue deployment `unknown`; returns how many. */
  async sweep(): Promise<number> {
    const now = this.now();
    const changed = await this.store.transaction(async (tx) => {
      let count = 0;
      for (const deployment of await tx.listActiveDeployments()) {
        const environment = await tx.getEnvironmentById(deployment.environmentId);
        if (!environment) continue;
        const { timeoutMinutes } = environment.settings;
        if (now.getTime() - Date.parse(deployment.updatedAt) < timeoutMinutes * 60_000) continue;
        const reason = `No status reported for ${timeoutMinutes} minutes (the timeout of environment '${environment.name}'); last status was ${deployment.status}`;
        const change = changeStatus(deployment, 'unknown', now.toISOString(), { reason });
        if (change.kind !== 'moved') continue;
        await tx.updateDeployment(change.deployment);
        count++;
      }
      return count;
    });
    if (changed > 0) {
      this.log.info({ count: changed }, 'deployments timed out and became unknown');
      this.onChanged();
    }
    return changed;
  }
}
