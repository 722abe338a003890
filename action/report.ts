/** What a command did, as the outputs and the job summary present it. */
import type { Deployment, ReleaseCandidate } from '../shared/api/schemas.js';

/** The step that produced a deployment report. */
export type DeploymentReportSource = 'deploy' | 'status' | 'post';

export type Report =
  | {
      readonly kind: 'release';
      readonly candidate: ReleaseCandidate;
      /** The App already had this candidate at this commit (a retry or a re-run). */
      readonly replayed: boolean;
      /** Where the record is read in the App. */
      readonly url: string;
    }
  | {
      readonly kind: 'deployment';
      readonly source: DeploymentReportSource;
      readonly deployment: Deployment;
      /** The App returned a deployment an earlier attempt of this report had created. */
      readonly replayed: boolean;
      readonly url: string;
    };

/**
 * The candidate a deployment deploys. The Action addresses deployments by candidate, so its own always
 * have one; deployments the App reconciled from GitHub may not.
 */
export const candidateOf = (deployment: Deployment): string => deployment.release_candidate_version ?? '';

/** A report about a deployment (deploy, status, post). */
export type DeploymentReport = Extract<Report, { kind: 'deployment' }>;
