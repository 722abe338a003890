/** `command: deploy`: creates the deployment and, when asked, reports its first status. */
import type { ShiplogClient } from '../../shared/client/shiplog-client.js';
import type { ActionInputs } from '../inputs.js';
import type { Report } from '../report.js';
import type { ReportOrigin } from '../workflow-context.js';

export type DeployInputs = Extract<ActionInputs, { command: 'deploy' }>;

/**
 * Creates a `pending` deployment under the report's idempotency key (a retry gets the same deployment
 * back), then reports `inputs.status` if one was given. Statuses only move forward, so repeating that
 * report on a replay changes nothing.
 */
export async function startDeployment(
  client: Pick<ShiplogClient, 'createDeployment' | 'reportDeploymentStatus' | 'deploymentUrl'>,
  inputs: DeployInputs,
  idempotencyKey: string | undefined,
  origin: ReportOrigin = {},
): Promise<Report> {
  const { project } = inputs.connection;
  const write = idempotencyKey === undefined ? {} : { idempotencyKey };
  const created = await client.createDeployment(
    project,
    inputs.environment,
    { release_candidate_version: inputs.version, ...origin },
    write,
  );
  let deployment = created.record;
  if (inputs.status && inputs.status !== deployment.status) {
    deployment = await client.reportDeploymentStatus(
      project,
      inputs.environment,
      { release_candidate_version: inputs.version, status: inputs.status, ...origin },
      write,
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
