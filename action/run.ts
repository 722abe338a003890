/**
 * The main step's runner layer: reads the inputs, runs the command (main.ts), writes outputs, the job
 * summary and the post step's state, and turns any failure, even a thrown non-Error, into a failed step.
 */
import { isFinalStatus } from '../shared/deployment-status.js';
import { describeFailure, type FailureContext } from './describe-failure.js';
import { parseInputs, type ActionInputs } from './inputs.js';
import { execute } from './main.js';
import { messages } from './messages.js';
import { reportOutputs } from './outputs.js';
import { encodePostState, POST_STATE_NAME } from './post-state.js';
import { candidateOf, type Report } from './report.js';
import type { Runner } from './runner/runner.js';
import { createStepDeps, type RunOptions } from './step-deps.js';
import { renderSummary } from './summary.js';
import { readWorkflowContext, runUrl } from './workflow-context.js';

/** Runs the main step. Never throws: a failure fails the step (exit code 1, `::error::`). */
export async function run(options: RunOptions = {}): Promise<void> {
  const deps = createStepDeps(options);
  const { io, runner } = deps;
  const context = readWorkflowContext(io.env);
  const failure: FailureContext = {
    authentication: runner.input('token') ? 'token' : 'oidc',
    repository: context.repository,
  };
  try {
    const inputs = parseInputs(runner.input, context);
    const report = await execute(inputs, context, deps);
    publish(runner, report, runUrl(context));
    saveForPost(runner, inputs, report);
  } catch (error) {
    runner.fail(describeFailure(error, failure));
  }
}

function publish(runner: Runner, report: Report, link: string | undefined): void {
  if (report.kind === 'release') {
    const { candidate } = report;
    runner.info(messages.released(candidate.version, candidate.commit, report.replayed));
  } else {
    const { deployment: d } = report;
    runner.info(
      report.source === 'deploy'
        ? messages.deployed(d.id, candidateOf(d), d.environment, d.status, report.replayed)
        : messages.statusReported(d.id, candidateOf(d), d.environment, d.status),
    );
  }
  for (const [name, value] of Object.entries(reportOutputs(report))) runner.setOutput(name, value);
  runner.appendSummary(renderSummary(report, link));
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
