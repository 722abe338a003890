/** `command: deploy`: creates the deployment and, when asked, reports its first status. */
import { transition } from '../../shared/deployment-status.js';
import type { ShiplogClient } from '../../shared/client/shiplog-client.js';
import type { ActionInputs } from '../inputs.js';
import { messages } from '../messages.js';
import type { Report } from '../report.js';
import type { ReportOrigin } from '../workflow-context.js';

export type DeployInputs = Extract<ActionInputs, { command: 'deploy' }>;

/**
 * Creates a `pending` deployment under the report's idempotency key (a retry gets the same deployment
 * back), then reports `inputs.status` if one was given and it moves the deployment forward. On a replay
 * the deployment may already be past that status (a later step reported); the App would refuse the
 * backward move, so it is not reported and the deployment is returned as it is. A deployment held
 * `blocked` for approvals with a `status` asked for fails the step: the job meant to deploy now.
 */
export async function startDeployment(
  client: Pick<ShiplogClient, 'createDeployment' | 'reportDeploymentStatus' | 'deploymentUrl'>,
  inputs: DeployInputs,
  idempotencyKey: string | undefined,
  origin: ReportOrigin = {},
): Promise<Report> {
  const { project } = inputs.connection;
  const created = await client.createDeployment(
    project,
    inputs.environment,
    { release_candidate_version: inputs.version, ...origin },
    idempotencyKey === undefined ? {} : { idempotencyKey },
  );
  let deployment = created.record;
  if (inputs.status && deployment.status === 'blocked') {
    // The App refuses every report but `canceled` until the approvers decide, and the steps after this
    // one would deploy what nobody approved yet.
    throw new Error(messages.deployAwaitingApproval(deployment.id, inputs.environment, inputs.status));
  }
  if (inputs.status && transition(deployment.status, inputs.status).kind === 'moved') {
    // Another request than the create, so not its key: the client draws one for this report's retries
    // (repeating a status changes nothing, so the report is safe to retry anyway).
    deployment = await client.reportDeploymentStatus(
      project,
      inputs.environment,
      { release_candidate_version: inputs.version, status: inputs.status, ...origin },
      {},
    );
  }
  return {
    kind: 'deployment',
    source: 'deploy',
    deployment,
    replayed: created.replayed,
    url: client.deploymentUrl(project, deployment.id),
  };
}
