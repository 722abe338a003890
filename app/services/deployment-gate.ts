/**
 * What stands between a request and a new deployment: the environment's lock (a refusal) and its
 * approval rules (the deployment waits `blocked`). Runs inside the transaction that inserts the
 * deployment, so a lock taken or rules loaded a moment earlier are always seen.
 */
import { conflict } from '../errors.js';
import { activeFreeze, describeFreeze } from '../freezes/freeze-rules.js';
import { blockingLock, describeOwner, requesterOwners } from '../locks/lock-rules.js';
import { messages } from '../messages.js';
import type {
  ApprovalRequestRecord,
  ApprovalRule,
  DeploymentRecord,
  EnvironmentRecord,
  ProjectRecord,
  PullRequestRef,
} from '../store/records.js';
import type { StoreReader, StoreWriter } from '../store/store.js';

/** Who asks for a deployment. An API request has neither a login nor a pull request. */
export interface Requester {
  readonly login: string | null;
  readonly pullRequest: PullRequestRef | null;
}

/** An API request: no person, no pull request. */
export const API_REQUESTER: Requester = { login: null, pullRequest: null };

/** The environment's approval rules (none in data written before approvals existed). */
export const approvalRulesOf = (environment: EnvironmentRecord): readonly ApprovalRule[] =>
  environment.settings.approvals ?? [];

/**
 * Refuses (409) a deployment into an environment under a deploy freeze or locked by someone else; otherwise says whether it starts
 * `pending` or waits `blocked` for approvals.
 */
export async function admitDeployment(
  reader: StoreReader,
  project: ProjectRecord,
  environment: EnvironmentRecord,
  requester: Requester,
  now: Date,
): Promise<'pending' | 'blocked'> {
  const freeze = activeFreeze(environment.settings.freezes, now);
  if (freeze)
    throw conflict(messages.environmentFrozen(project.name, environment.name, describeFreeze(freeze)));
  const lock = blockingLock(await reader.getActiveLock(environment.id), requesterOwners(requester), now);
  if (lock) {
    throw conflict(
      messages.environmentLocked(project.name, environment.name, describeOwner(lock.owner), lock.reason),
    );
  }
  return approvalRulesOf(environment).length > 0 ? 'blocked' : 'pending';
}

/** Opens the approval request of a deployment that was inserted `blocked`. */
export function openApprovalRequest(
  tx: StoreWriter,
  deployment: DeploymentRecord,
  requester: Requester,
): Promise<ApprovalRequestRecord> {
  return tx.insertApprovalRequest({
    projectId: deployment.projectId,
    environmentId: deployment.environmentId,
    deploymentId: deployment.id,
    githubDeploymentId: null,
    callbackUrl: null,
    githubEnvironment: null,
    commitSha: deployment.commitSha,
    requestedBy: requester.login,
    pullRequest: requester.pullRequest,
    state: 'waiting',
    decidedAt: null,
    githubAnsweredAt: null,
    createdAt: deployment.createdAt,
  });
}
