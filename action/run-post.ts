/**
 * The post step's runner layer: reads the main step's state and the inputs, closes the deployment from
 * the job's outcome (post-main.ts), logs and summarises, and fails the step on any failure.
 */
import { connect } from './connect.js';
import { parsePostInputs } from './inputs.js';
import { resolveJobOutcome } from './job-outcome/resolve-job-outcome.js';
import { messages } from './messages.js';
import { closeDeployment } from './post-main.js';
import { decodePostState, POST_STATE_NAME } from './post-state.js';
import { publishReport } from './publish-report.js';
import { runStep, type RunOptions } from './step-deps.js';
import { runUrl } from './workflow-context.js';

/** Runs the post step. Never throws: a failure fails the step (exit code 1, `::error::`). */
export function runPost(options: RunOptions = {}): Promise<void> {
  return runStep(options, async (deps, context) => {
    const { runner } = deps;
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
    switch (result.kind) {
      case 'already-final':
        runner.info(messages.postAlreadyFinal(result.deployment.id, result.deployment.status));
        return;
      case 'awaiting-approval':
        runner.info(messages.postAwaitingApproval(result.deployment.id));
        return;
      case 'reported':
        publishReport(runner, result.report, { link: runUrl(context) });
    }
  });
}
