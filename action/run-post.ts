/**
 * The post step's runner layer: reads the main step's state and the inputs, closes the deployment from
 * the job's outcome (post-main.ts), logs and summarises, and fails the step on any failure.
 */
import { connect } from './connect.js';
import { describeFailure, type FailureContext } from './describe-failure.js';
import { parsePostInputs } from './inputs.js';
import { resolveJobOutcome } from './job-outcome/resolve-job-outcome.js';
import { messages } from './messages.js';
import { closeDeployment } from './post-main.js';
import { decodePostState, POST_STATE_NAME } from './post-state.js';
import { createStepDeps, type RunOptions } from './step-deps.js';
import { candidateOf } from './report.js';
import { renderSummary } from './summary.js';
import { readWorkflowContext, runUrl } from './workflow-context.js';

/** Runs the post step. Never throws: a failure fails the step (exit code 1, `::error::`). */
export async function runPost(options: RunOptions = {}): Promise<void> {
  const deps = createStepDeps(options);
  const { io, runner } = deps;
  const context = readWorkflowContext(io.env);
  const failure: FailureContext = {
    authentication: runner.input('token') ? 'token' : 'oidc',
    repository: context.repository,
  };
  try {
    const state = decodePostState(runner.state(POST_STATE_NAME));
    if (!state) {
      runner.info(messages.postNothingToDo);
      return;
    }
    const inputs = parsePostInputs(runner.input);
    const client = await connect({ ...inputs, url: state.url }, deps);
    const result = await closeDeployment(state, {
      client,
      runner,
      resolveOutcome: () =>
        resolveJobOutcome({
          context,
          githubToken: inputs.githubToken,
          fetch: deps.fetch,
          sleep: deps.sleep,
        }),
    });
    if (result.kind === 'already-final') {
      runner.info(messages.postAlreadyFinal(result.deployment.id, result.deployment.status));
      return;
    }
    const { deployment } = result.report;
    runner.info(
      messages.statusReported(
        deployment.id,
        candidateOf(deployment),
        deployment.environment,
        deployment.status,
      ),
    );
    runner.appendSummary(renderSummary(result.report, runUrl(context)));
  } catch (error) {
    runner.fail(describeFailure(error, failure));
  }
}
