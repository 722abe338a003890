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

/** A record as handed to an insert: the store assigns the id. */
export type New<T extends { id: number }> = Omit<T, 'id'>;
