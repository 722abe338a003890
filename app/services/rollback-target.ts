/**
 * What `/rollback` redeploys: the release candidate that ran successfully in the environment before the
 * one running now.
 */
import type { DeploymentRecord } from '../store/records.js';
import type { StoreReader } from '../store/store.js';

/** How far back a rollback looks. */
const SCAN = 500;

export interface RollbackChoice {
  /** What runs now: the newest successful deployment. */
  readonly current: DeploymentRecord | undefined;
  /** The newest earlier successful deployment of another release candidate. */
  readonly target: DeploymentRecord | undefined;
}

/** Picks the rollback target among deployments listed newest first. Pure. */
export function pickRollback(newestFirst: readonly DeploymentRecord[]): RollbackChoice {
  const successes = newestFirst.filter((d) => d.status === 'success');
  const [current, ...earlier] = successes;
  const target = earlier.find((d) => d.candidateId !== null && d.candidateId !== current?.candidateId);
  return { current, target };
}

/** The rollback choice among the environment's newest deployments. */
export async function findRollback(reader: StoreReader, environmentId: number): Promise<RollbackChoice> {
  const page = await reader.listDeployments(environmentId, { page: 1, perPage: SCAN });
  return pickRollback(page.items);
}
