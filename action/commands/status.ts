/** `command: status`: reports a status of the candidate's deployment in the environment. */
import type { ShiplogClient } from '../../shared/client/shiplog-client.js';
import type { ActionInputs } from '../inputs.js';
import type { Report } from '../report.js';
import type { ReportOrigin } from '../workflow-context.js';

export type StatusInputs = Extract<ActionInputs, { command: 'status' }>;

/**
 * Reports on the candidate's newest deployment in the environment (the App creates one if there is
 * none). Naturally idempotent: repeating the current status is a no-op, so retries are safe.
 */
export async function reportStatus(
  client: Pick<ShiplogClient, 'reportDeploymentStatus' | 'deploymentUrl'>,
  inputs: StatusInputs,
  idempotencyKey: string | undefined,
  origin: ReportOrigin = {},
): Promise<Report> {
  const { project } = inputs.connection;
  const deployment = await client.reportDeploymentStatus(
    project,
    inputs.environment,
    { release_candidate_version: inputs.version, status: inputs.status, ...origin },
    idempotencyKey === undefined ? {} : { idempotencyKey },
  );
  return {
    kind: 'deployment',
    source: 'status',
    deployment,
    replayed: false,
    url: client.deploymentUrl(project, deployment.id),
  };
}
