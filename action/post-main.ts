/**
 * The post step's orchestration, in order:
 * 1. read the deployment the main step started; stop if it already ended (a later step reported), or if
 *    it is still `blocked` waiting for approvals (the App refuses reports then; the approvers decide);
 * 2. resolve the job's outcome from the jobs API (`unknown` when it cannot tell, with the reason);
 * 3. report that status. A 409 is fine only if the deployment did end meanwhile (another report); any
 *    other refusal (e.g. the report landed on a newer deployment that refused it) fails the step.
 */
import { isFinalStatus } from '../shared/deployment-status.js';
import { ShiplogApiError } from '../shared/client/errors.js';
import type { ShiplogClient } from '../shared/client/shiplog-client.js';
import type { Deployment } from '../shared/api/schemas.js';
import { messages } from './messages.js';
import type { PostState } from './post-state.js';
import type { DeploymentReport } from './report.js';
import type { ResolvedOutcome } from './job-outcome/resolve-job-outcome.js';
import type { Runner } from './runner/runner.js';

/** What the post step did. */
export type PostResult =
  | { readonly kind: 'already-final'; readonly deployment: Deployment }
  | { readonly kind: 'awaiting-approval'; readonly deployment: Deployment }
  | { readonly kind: 'reported'; readonly report: DeploymentReport };

/** The collaborators of {@link closeDeployment}. */
export interface CloseDeps {
  readonly client: Pick<ShiplogClient, 'getDeployment' | 'reportDeploymentStatus' | 'deploymentUrl'>;
  readonly resolveOutcome: () => Promise<ResolvedOutcome>;
  readonly runner: Pick<Runner, 'info' | 'warning'>;
}

/**
 * Closes the main step's deployment with the job's outcome unless it has already ended or is still
 * waiting for approvals.
 */
export async function closeDeployment(state: PostState, deps: CloseDeps): Promise<PostResult> {
  const { client, runner } = deps;
  const current = await client.getDeployment(state.project, state.deploymentId);
  if (isFinalStatus(current.status)) return { kind: 'already-final', deployment: current };
  if (current.status === 'blocked') return { kind: 'awaiting-approval', deployment: current };

  const outcome = await deps.resolveOutcome();
  if (outcome.status === 'unknown') runner.warning(messages.postUnknownOutcome(outcome.reason));
  else runner.info(messages.postOutcome(outcome.status, outcome.detail));

  let deployment: Deployment;
  try {
    deployment = await client.reportDeploymentStatus(state.project, state.environment, {
      release_candidate_version: state.version,
      status: outcome.status,
    });
  } catch (error) {
    if (!(error instanceof ShiplogApiError) || error.status !== 409) throw error;
    // Only a deployment that really ended meanwhile excuses the refusal.
    const after = await client.getDeployment(state.project, state.deploymentId);
    if (!isFinalStatus(after.status)) throw error;
    return { kind: 'already-final', deployment: after };
  }
  if (deployment.id !== state.deploymentId) {
    runner.warning(messages.postReportedOther(state.deploymentId, deployment.id));
  }
  return {
    kind: 'reported',
    report: {
      kind: 'deployment',
      source: 'post',
      deployment,
      replayed: false,
      url: client.deploymentUrl(state.project, deployment.id),
    },
  };
}
