/**
 * The main step's runner layer: reads the inputs, runs the command (main.ts), writes outputs, the job
 * summary and the post step's state, and turns any failure, even a thrown non-Error, into a failed step.
 */
import { isFinalStatus } from '../shared/deployment-status.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { execute } from './main.js';
import { reportOutputs } from './outputs.js';
import { encodePostState, POST_STATE_NAME } from './post-state.js';
import { publishReport } from './publish-report.js';
import type { Report } from './report.js';
import type { Runner } from './runner/runner.js';
import { runStep, type RunOptions } from './step-deps.js';
import { runUrl } from './workflow-context.js';

/** Runs the main step. Never throws: a failure fails the step (exit code 1, `::error::`). */
export function run(options: RunOptions = {}): Promise<void> {
  return runStep(options, async (deps, context) => {
    const { runner } = deps;
    const inputs = parseInputs(runner.input, context);
    const report = await execute(inputs, context, deps);
    publishReport(runner, report, { link: runUrl(context), outputs: reportOutputs(report) });
    saveForPost(runner, inputs, report);
  });
}

/** After `deploy`, tells the post step which deployment to close (unless opted out or already ended). */
function saveForPost(runner: Runner, inputs: ActionInputs, report: Report): void {
  if (inputs.command !== 'deploy' || !inputs.reportJobOutcome || report.kind !== 'deployment') return;
  if (isFinalStatus(report.deployment.status)) return;
  runner.saveState(
    POST_STATE_NAME,
    encodePostState({
      url: inputs.connection.url,
      project: inputs.connection.project,
      environment: inputs.environment,
      version: inputs.version,
      deploymentId: report.deployment.id,
    }),
  );
}
