/**
 * Mirrors Shiplog deployments and their statuses to GitHub Deployments, after the change is durable and
 * apart from the request that made it. The work left is the deployments' own mirror state in the store,
 * so it survives restarts; GitHub errors are retried with exponential backoff, refusals are recorded.
 */
import type { Logger } from 'pino';
import { type GitHubGateway, GitHubRejectedError } from '../github/gateway.js';
import { githubStateFor } from '../github/status-mapping.js';
import type { DeploymentRecord, EnvironmentRecord, MirrorState, ProjectRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { githubEnvironmentName } from './environment-match.js';

export interface MirrorTiming {
  /** First retry delay; doubles per attempt up to `maxRetryMs`. */
  readonly retryBaseMs: number;
  readonly maxRetryMs: number;
}

export const DEFAULT_MIRROR_TIMING: MirrorTiming = { retryBaseMs: 2_000, maxRetryMs: 10 * 60_000 };

/** How many older deployments to look through for ones still active on GitHub after a success. */
const DEACTIVATION_SCAN = 50;

export class MirrorService {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly github: GitHubGateway,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly timing: MirrorTiming = DEFAULT_MIRROR_TIMING,
  ) {}

  /** Catches up on everything left pending, whatever its backoff (a restart is a fresh start). */
  start(): void {
    if (this.github.enabled) this.kick(true);
  }

  /** Called after a transaction left mirror work: runs it soon, in the background. */
  mirrorWorkAdded(): void {
    this.kick(false);
  }

  /** Resolves when the work queued so far has been attempted (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.idle();
  }

  private kick(ignoreBackoff: boolean): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain(ignoreBackoff)
      .catch((error: unknown) => this.log.error({ err: error }, 'mirroring failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick(false);
        }
      });
  }

  private async drain(ignoreBackoff: boolean): Promise<void> {
    clearTimeout(this.timer);
    const now = this.now().getTime();
    let nextDue = Infinity;
    for (const deployment of await this.store.listMirrorPending()) {
      if (this.stopped) return;
      const due = deployment.mirror.nextAttemptAt ? Date.parse(deployment.mirror.nextAttemptAt) : 0;
      if (!ignoreBackoff && due > now) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      const retryAt = await this.syncOne(deployment);
      if (retryAt !== undefined) nextDue = Math.min(nextDue, retryAt);
    }
    if (nextDue !== Infinity && !this.stopped) {
      this.timer = setTimeout(() => this.kick(false), Math.max(0, nextDue - this.now().getTime()));
      this.timer.unref();
    }
  }

  /** Brings one deployment up to date on GitHub; returns when to retry, if it must be retried. */
  private async syncOne(start: DeploymentRecord): Promise<number | undefined> {
    try {
      const [project, environment] = await Promise.all([
        this.store.getProjectById(start.projectId),
        this.store.getEnvironmentById(start.environmentId),
      ]);
      if (!project || !environment)
        throw new GitHubRejectedError(404, 'its project or environment was removed');
      const projectsInRepo = (await this.store.listProjectsByRepo(project.repo)).length;
      const name = githubEnvironmentName(project, environment, projectsInRepo);
      let githubId =
        start.mirror.githubDeploymentId ?? (await this.createOnGitHub(start, project, environment, name));

      for (;;) {
        const current = await this.store.getDeployment(start.id);
        if (!current) return undefined;
        githubId = current.mirror.githubDeploymentId ?? githubId;
        const next = current.history[current.mirror.mirroredStatuses];
        if (!next) break;
        const { state, description } = githubStateFor(next.status);
        await this.github.createDeploymentStatus(project.repo, githubId, {
          state,
          description: next.reason ?? description,
          logUrl: current.logUrl,
          environmentUrl: current.environmentUrl,
        });
        await this.updateMirror(start.id, (m) => ({ ...m, mirroredStatuses: m.mirroredStatuses + 1 }));
        if (next.status === 'success') await this.deactivateOlder(project.repo, current);
      }
      await this.updateMirror(start.id, (m, d) =>
        m.mirroredStatuses >= d.history.length
          ? { ...m, state: 'synced', attempts: 0, nextAttemptAt: null, lastError: null }
          : m,
      );
      return undefined;
    } catch (error) {
      return this.recordFailure(start.id, error);
    }
  }

  private async createOnGitHub(
    deployment: DeploymentRecord,
    project: ProjectRecord,
    environment: EnvironmentRecord,
    name: string,
  ): Promise<number> {
    // After a crash between GitHub's answer and our write, the deployment exists: find it, don't duplicate.
    const existing = deployment.mirror.creatingSince
      ? await this.github.findDeployment(project.repo, deployment.commitSha, name, deployment.id)
      : undefined;
    if (existing === undefined) {
      await this.updateMirror(deployment.id, (m) => ({ ...m, creatingSince: this.now().toISOString() }));
    }
    const candidate =
      deployment.candidateId === null ? undefined : await this.store.getCandidateById(deployment.candidateId);
    const id =
      existing ??
      (await this.github.createDeployment(project.repo, {
        sha: deployment.commitSha,
        environment: name,
        description: `${project.name} ${candidate?.version ?? deployment.commitSha.slice(0, 7)} to ${environment.name}`,
        production: environment.settings.production,
        transient: environment.settings.transient,
        payload: {
          shiplog: {
            project: project.name,
            deployment_id: deployment.id,
            version: candidate?.version ?? null,
          },
        },
      }));
    await this.updateMirror(deployment.id, (m) => ({ ...m, githubDeploymentId: id, creatingSince: null }));
    return id;
  }

  /** A newer deployment succeeded: older ones that were live in the environment are inactive on GitHub. */
  private async deactivateOlder(repo: string, newest: DeploymentRecord): Promise<void> {
    const page = await this.store.listDeployments(newest.environmentId, {
      page: 1,
      perPage: DEACTIVATION_SCAN,
    });
    for (const older of page.items) {
      if (older.id >= newest.id || older.status !== 'success' || older.mirror.deactivated) continue;
      const githubId = older.mirror.githubDeploymentId;
      if (githubId === null) continue;
      await this.github.createDeploymentStatus(repo, githubId, {
        state: 'inactive',
        description: `Superseded by Shiplog deployment ${newest.id}`,
        logUrl: null,
        environmentUrl: null,
      });
      await this.updateMirror(older.id, (m) => ({ ...m, deactivated: true }));
    }
  }

  private async recordFailure(id: number, error: unknown): Promise<number | undefined> {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof GitHubRejectedError) {
      this.log.warn({ deployment: id, err: error }, 'GitHub refused the mirror of a deployment');
      await this.updateMirror(id, (m) => ({
        ...m,
        state: 'failed',
        lastError: message,
        nextAttemptAt: null,
      }));
      return undefined;
    }
    let retryAt = 0;
    await this.updateMirror(id, (m) => {
      const attempts = m.attempts + 1;
      const delay = Math.min(this.timing.maxRetryMs, this.timing.retryBaseMs * 2 ** (attempts - 1));
      retryAt = this.now().getTime() + delay;
      return { ...m, attempts, lastError: message, nextAttemptAt: new Date(retryAt).toISOString() };
    });
    this.log.warn(
      { deployment: id, err: error, retryAt: new Date(retryAt).toISOString() },
      'mirroring will be retried',
    );
    return retryAt;
  }

  private async updateMirror(
    id: number,
    change: (mirror: MirrorState, deployment: DeploymentRecord) => MirrorState,
  ) {
    await this.store.transaction(async (tx) => {
      const current = await tx.getDeployment(id);
      if (current) await tx.updateDeployment({ ...current, mirror: change(current.mirror, current) });
    });
  }
}
