/**
 * The main step's orchestration, in order:
 * 1. connect to the App (project token, or the job's OIDC token);
 * 2. pick the report's idempotency key (the input, or one derived from the run, job and step);
 * 3. run the command: cut a release candidate, start a deployment, or report a status.
 * Inputs are parsed before and outputs written after, by the runner layer (run.ts).
 */
import { cutReleaseCandidate } from './commands/release.js';
import { startDeployment } from './commands/deploy.js';
import { reportStatus } from './commands/status.js';
import { connect } from './connect.js';
import type { StepDeps } from './step-deps.js';
import { deriveIdempotencyKey } from './idempotency-key.js';
import type { ActionInputs } from './inputs.js';
import type { Report } from './report.js';
import { reportOrigin, type WorkflowContext } from './workflow-context.js';

/** Runs the command the inputs ask for and returns what it did. */
export async function execute(
  inputs: ActionInputs,
  context: WorkflowContext,
  deps: StepDeps,
): Promise<Report> {
  const client = await connect(inputs.connection, deps);
  const idempotencyKey =
    inputs.idempotencyKey ??
    deriveIdempotencyKey(context, {
      command: inputs.command,
      project: inputs.connection.project,
      version: inputs.version,
      ...(inputs.command === 'release' ? {} : { environment: inputs.environment }),
    });

  switch (inputs.command) {
    case 'release':
      return cutReleaseCandidate(client, inputs, idempotencyKey);
    case 'deploy':
      return startDeployment(client, inputs, idempotencyKey, reportOrigin(context));
    case 'status':
      return reportStatus(client, inputs, idempotencyKey, reportOrigin(context));
  }
}
