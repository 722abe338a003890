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
  FreezeWindow,
  LockOwner,
  LockRecord,
  New,
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

/** What stands between a deployment and an environment: a freeze, someone else's lock, or only its rules. */
export type Gate =
  | { readonly kind: 'frozen'; readonly freeze: FreezeWindow }
  | { readonly kind: 'locked'; readonly lock: LockRecord }
  | { readonly kind: 'open'; readonly rules: readonly ApprovalRule[] };

/**
 * The gate of `environment` now, for a deployment asked by `owners` (who pass their own lock), given
 * its current `lock`: one decision for Shiplog's deployments and GitHub's protection rule alike.
 */
export function gateOf(
  environment: EnvironmentRecord,
  lock: LockRecord | undefined,
  owners: readonly LockOwner[],
  now: Date,
): Gate {
  const freeze = activeFreeze(environment.settings.freezes, now);
  if (freeze) return { kind: 'frozen', freeze };
  const blocking = blockingLock(lock, owners, now);
  if (blocking) return { kind: 'locked', lock: blocking };
  return { kind: 'open', rules: approvalRulesOf(environment) };
}

/**
 * Refuses (409) a deployment into an environment under a deploy freeze or locked by someone else;
 * otherwise says whether it starts `pending` or waits `blocked` for approvals.
 */
export async function admitDeployment(
  reader: StoreReader,
  project: ProjectRecord,
  environment: EnvironmentRecord,
  requester: Requester,
  now: Date,
): Promise<'pending' | 'blocked'> {
  const gate = gateOf(
    environment,
    await reader.getActiveLock(environment.id),
    requesterOwners(requester),
    now,
  );
  switch (gate.kind) {
    case 'frozen':
      throw conflict(messages.environmentFrozen(project.name, environment.name, describeFreeze(gate.freeze)));
    case 'locked':
      throw conflict(
        messages.environmentLocked(
          project.name,
          environment.name,
          describeOwner(gate.lock.owner),
          gate.lock.reason,
        ),
      );
    case 'open':
      return gate.rules.length > 0 ? 'blocked' : 'pending';
  }
}

/** What a new approval request asks: the rest of it says it waits, undecided and unanswered. */
export type ApprovalAsk = Omit<New<ApprovalRequestRecord>, 'state' | 'decidedAt' | 'githubAnsweredAt'>;

/** Inserts a waiting approval request, for a Shiplog deployment or for GitHub's protection rule. */
export function insertWaitingRequest(tx: StoreWriter, ask: ApprovalAsk): Promise<ApprovalRequestRecord> {
  return tx.insertApprovalRequest({ ...ask, state: 'waiting', decidedAt: null, githubAnsweredAt: null });
}

/** Opens the approval request of a deployment that was inserted `blocked`. */
export function openApprovalRequest(
  tx: StoreWriter,
  deployment: DeploymentRecord,
  requester: Requester,
): Promise<ApprovalRequestRecord> {
  return insertWaitingRequest(tx, {
    projectId: deployment.projectId,
    environmentId: deployment.environmentId,
    deploymentId: deployment.id,
    githubDeploymentId: null,
    callbackUrl: null,
    githubEnvironment: null,
    commitSha: deployment.commitSha,
    requestedBy: requester.login,
    pullRequest: requester.pullRequest,
    createdAt: deployment.createdAt,
  });
}
