/**
 * What the store keeps. Records are immutable values: a change replaces the record, so a reader never
 * sees one half-updated and a rolled-back transaction can restore the previous value.
 */
import type { DeploymentStatus } from '../../shared/deployment-status.js';
import type { EnvironmentTier } from '../../shared/api/schemas.js';

export interface ProjectRecord {
  readonly id: number;
  /** Case-sensitive, unique across the installation. */
  readonly name: string;
  /** `org/repo`. Several projects may share one repository. */
  readonly repo: string;
  /** Workflow file to dispatch for `trigger_build_workflow`; none until configured. */
  readonly buildWorkflow: string | null;
  /** Who manages the project: the management API, or the repository's `.github/shiplog.yml`. */
  readonly source: 'api' | 'config';
  readonly createdAt: string;
}

/** What `.github/shiplog.yml` (or the defaults) says about an environment. */
export interface EnvironmentSettings {
  /** Position in the order of promotion, from 0. */
  readonly position: number;
  /** GitHub's `production_environment`. */
  readonly production: boolean;
  /** GitHub's `transient_environment`. */
  readonly transient: boolean;
  /** Minutes a deployment may stay silent before it becomes `unknown`. */
  readonly timeoutMinutes: number;
  readonly deployWorkflow: string | null;
  readonly deployInputs: Readonly<Record<string, string | number | boolean>>;
  /** The environment's name on GitHub; null for the default (see the mirror). */
  readonly githubEnvironment: string | null;
  /** OIDC principals must carry this environment's GitHub name in their `environment` claim. */
  readonly oidcRequiresEnvironment?: boolean;
  /** Deploy freezes: no new deployment starts while one is on. */
  readonly freezes?: readonly FreezeWindow[];
  /** Approvals a deployment needs before it starts; absent (data written before approvals) means none. */
  readonly approvals?: readonly ApprovalRule[];
}

/** A deploy freeze of an environment, `from` inclusive, `to` exclusive (ISO timestamps). */
export interface FreezeWindow {
  readonly from: string;
  readonly to: string;
  readonly reason: string | null;
}

/** One approval rule of an environment, as `.github/shiplog.yml` states it (logins and teams without `@`). */
export interface ApprovalRule {
  readonly count: number;
  /** GitHub logins, as written. */
  readonly users: readonly string[];
  /** `org/slug` or a bare `slug` of the repository owner's organization. */
  readonly teams: readonly string[];
}

export interface EnvironmentRecord {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly tier: EnvironmentTier;
  readonly settings: EnvironmentSettings;
  readonly createdAt: string;
}

export interface TokenRecord {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  readonly hash: string;
  /** The token's first characters, enough to recognise it in a list. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface ReleaseRecord {
  readonly id: number;
  readonly projectId: number;
  /** `1.4.0`: the part of a candidate version before `-rcN`. */
  readonly version: string;
  readonly createdAt: string;
}

export interface CandidateRecord {
  readonly id: number;
  readonly projectId: number;
  readonly releaseId: number;
  /** `1.4.0-rc2`. */
  readonly version: string;
  readonly number: number;
  readonly repo: string;
  /** Full 40-character SHA when verified; as given when GitHub validation is off. */
  readonly commitSha: string;
  /** Whether the commit was checked against GitHub. */
  readonly verified: boolean;
  /** The build dispatched for `trigger_build_workflow`, if any. */
  readonly build: BuildRecord | null;
  readonly createdAt: string;
}

export interface BuildRecord {
  readonly workflow: string;
  readonly status: 'building' | 'ready' | 'failed';
  readonly dispatchedAt: string;
  readonly runId: number | null;
  readonly runUrl: string | null;
  readonly error: string | null;
}

export interface StatusChange {
  readonly status: DeploymentStatus;
  readonly at: string;
  /** Why, when Shiplog decided it (a timeout, a workflow job's conclusion). */
  readonly reason?: string;
}

/** Where a deployment stands on GitHub. Pending mirror work is this state, so it survives restarts. */
export interface MirrorState {
  /** The GitHub deployment's id, once created (or the foreign deployment it came from). */
  readonly githubDeploymentId: number | null;
  /** How many entries of `history` are on GitHub as deployment statuses. */
  readonly mirroredStatuses: number;
  /** `synced` when nothing is left to send; `off` when GitHub is not configured or nothing is to be sent. */
  readonly state: 'pending' | 'synced' | 'failed' | 'off';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  /** Set just before asking GitHub to create the deployment: after a crash, look before creating again. */
  readonly creatingSince: string | null;
  /** Marked inactive on GitHub because a newer deployment succeeded. */
  readonly deactivated: boolean;
}

/** The workflow run and job that reported the deployment, when known. */
export interface WorkflowRef {
  readonly runId: number;
  readonly jobId: number | null;
  readonly job: string | null;
  readonly runUrl: string | null;
}

export interface DeploymentRecord {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  /** Null for a deployment made outside Shiplog and reconciled from GitHub. */
  readonly candidateId: number | null;
  /** The commit deployed (the candidate's, or the foreign deployment's). */
  readonly commitSha: string;
  /** `github`: created outside Shiplog (an Actions job, Argo CD...) and reconciled from webhooks. */
  readonly origin: 'shiplog' | 'github';
  readonly status: DeploymentStatus;
  /** Every status the deployment took, oldest first. */
  readonly history: readonly StatusChange[];
  readonly mirror: MirrorState;
  readonly workflow: WorkflowRef | null;
  readonly environmentUrl: string | null;
  readonly logUrl: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Login of who asked for it from a pull request; absent or null for an API request. */
  readonly requestedBy?: string | null;
  /** The pull request it was asked from, if any. */
  readonly pullRequest?: PullRequestRef | null;
}

/** A webhook delivery already handled (GitHub redelivers). */
export interface DeliveryRecord {
  readonly id: number;
  readonly deliveryId: string;
  readonly event: string;
  readonly receivedAt: string;
}

/** The last configuration read from a repository's `.github/shiplog.yml`. */
export interface RepoConfigRecord {
  readonly id: number;
  /** `org/repo`, lower-cased. */
  readonly repo: string;
  /** Commit the valid configuration was read at, when known. */
  readonly sha: string | null;
  /** Project names the file defines. */
  readonly projects: readonly string[];
  readonly loadedAt: string;
  /** The last invalid version's problem, if the newest push was invalid. */
  readonly error: string | null;
  /** `allow_forks`: pull-request commands accepted on PRs from forks. Absent in older data: false. */
  readonly allowForks?: boolean;
}

/** Remembers which resource a client's `Idempotency-Key` created, so a retry returns it again. */
export interface IdempotencyRecord {
  readonly id: number;
  /** `<projectId>:<operation>:<client key>`. */
  readonly scope: string;
  /** Hash of the request the key was first used with; the same key with another request is refused. */
  readonly fingerprint: string;
  readonly resourceId: number;
  readonly createdAt: string;
}

/** A pull request of a repository. */
export interface PullRequestRef {
  /** `org/repo`. */
  readonly repo: string;
  readonly number: number;
}

/** Who holds (or waits for) a lock: a pull request, or a person for a lock taken through the API. */
export type LockOwner =
  ({ readonly kind: 'pull_request' } & PullRequestRef) | { readonly kind: 'user'; readonly login: string };

/** A lock on an environment. Active while `releasedAt` is null and `expiresAt` has not passed. */
export interface LockRecord {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  readonly owner: LockOwner;
  /** Login of who took it. */
  readonly lockedBy: string;
  readonly reason: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly releasedAt: string | null;
  readonly releasedBy: string | null;
  /** Why it was released: unlocked, expired, its PR merged or closed, overridden. */
  readonly releaseReason: string | null;
}

/** A place in the queue for an environment's lock; leaves the queue when granted or withdrawn. */
export interface LockQueueRecord {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  readonly owner: LockOwner;
  readonly requestedBy: string;
  readonly reason: string | null;
  /** The expiry asked for, applied from the moment the lock is handed over. */
  readonly durationMinutes: number | null;
  readonly createdAt: string;
  readonly leftAt: string | null;
}

/**
 * What waits for approvals: a Shiplog deployment held `blocked`, or a GitHub deployment held by
 * Shiplog's deployment protection rule (answered through `callbackUrl`).
 */
export interface ApprovalRequestRecord {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  /** The Shiplog deployment waiting `blocked`; null for a GitHub deployment Shiplog does not run. */
  readonly deploymentId: number | null;
  readonly githubDeploymentId: number | null;
  /** The protection rule's `deployment_callback_url`, for a GitHub deployment. */
  readonly callbackUrl: string | null;
  /** The environment's name on GitHub (the protection rule's answer names it). */
  readonly githubEnvironment: string | null;
  readonly commitSha: string;
  /** Login of the deployer, who never counts as an approver; null when unknown (an API token). */
  readonly requestedBy: string | null;
  /** The pull request the deployment was asked from, where `/approve` and `/reject` find it. */
  readonly pullRequest: PullRequestRef | null;
  readonly state: 'waiting' | 'approved' | 'rejected';
  readonly decidedAt: string | null;
  /** When GitHub took the decision (protection rules only); null while it still has to be told. */
  readonly githubAnsweredAt: string | null;
  readonly createdAt: string;
}

/**
 * Whether an approval request is still open: waiting for decisions, or decided while GitHub's
 * protection rule has not taken the answer yet (it was down), so deciding it again tells GitHub.
 */
export const isOpen = (request: ApprovalRequestRecord): boolean =>
  request.state === 'waiting' || (request.callbackUrl !== null && request.githubAnsweredAt === null);

/** One person's decision on an approval request, with what made them eligible at the time. */
export interface ApprovalRecord {
  readonly id: number;
  readonly requestId: number;
  readonly login: string;
  readonly decision: 'approved' | 'rejected';
  readonly comment: string | null;
  /** Whether they had write access (rules without users or teams accept anyone with it). */
  readonly writeAccess: boolean;
  /** The rules' teams they were an active member of, `org/slug` lower-cased. */
  readonly teams: readonly string[];
  readonly source: 'comment' | 'api';
  readonly createdAt: string;
}

export const AUDIT_ACTIONS = [
  'deploy_requested',
  'rollback_requested',
  'approved',
  'rejected',
  'locked',
  'lock_queued',
  'unlocked',
  'lock_overridden',
  'lock_expired',
  'lock_released',
  'lock_passed',
  'protection_rule_approved',
  'protection_rule_rejected',
  'protection_rule_waiting',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what, when and why: approvals, rejections, locks and overrides. Never changed. */
export interface AuditRecord {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number | null;
  readonly deploymentId: number | null;
  readonly action: AuditAction;
  /** A GitHub login, or `shiplog` for what Shiplog decided itself (an expiry, a merge). */
  readonly actor: string;
  readonly reason: string | null;
  readonly pullRequest: PullRequestRef | null;
  readonly source: 'comment' | 'api' | 'github' | 'shiplog';
  readonly at: string;
}

/** A pull-request comment command, claimed before it runs so an edit or a redelivery never runs it again. */
export interface CommandRecord {
  readonly id: number;
  /** `<repo lower-cased>#<comment id>`. */
  readonly key: string;
  readonly pullRequest: PullRequestRef;
  readonly commentId: number;
  readonly author: string;
  /** The command's name (`deploy`, `approve`...), or `invalid`. */
  readonly command: string;
  readonly state: 'running' | 'succeeded' | 'refused' | 'failed';
  readonly replyCommentId: number | null;
  readonly receivedAt: string;
  readonly finishedAt: string | null;
}

/** A pull request's head as the `pull_request` webhooks told it, to tell whether it moved after a comment. */
export interface PullRequestRecord {
  readonly id: number;
  /** `org/repo`, lower-cased. */
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
  /** The pull request's `updated_at` when that head was pushed. */
  readonly headUpdatedAt: string;
  readonly state: 'open' | 'closed';
}

/** A record as handed to an insert: the store assigns the id. */
export type New<T extends { id: number }> = Omit<T, 'id'>;
