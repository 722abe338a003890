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
  readonly createdAt: string;
}

export interface EnvironmentRecord {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly tier: EnvironmentTier;
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
  readonly createdAt: string;
}

export interface StatusChange {
  readonly status: DeploymentStatus;
  readonly at: string;
}

export interface DeploymentRecord {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  readonly candidateId: number;
  readonly status: DeploymentStatus;
  /** Every status the deployment took, oldest first. */
  readonly history: readonly StatusChange[];
  readonly createdAt: string;
  readonly updatedAt: string;
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
