/**
 * The run's jobs as GitHub's jobs API shows them while the post step runs, served by the shared GitHub
 * stub (so every answer is validated against GitHub's published schema). A test sets the steps of the
 * current job; it may queue stale answers first, as when the API lags behind the runner.
 */
import type { GitHubStub, StubHandler } from '../../support/github/stub.js';
import type { JsonObject } from '../../support/github/json.js';

export const JOBS_OPERATION = 'actions/list-jobs-for-workflow-run-attempt';

export interface StepView {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped' | null;
}

const done = (name: string, conclusion: StepView['conclusion'] = 'success'): StepView => ({
  name,
  status: 'completed',
  conclusion,
});
const queued = (name: string): StepView => ({ name, status: 'queued', conclusion: null });

/** The steps of `deploy` while Shiplog's post step runs, after the deploy itself ended `deployOutcome`. */
export function stepsAtPost(deployOutcome: 'success' | 'failure' | 'cancelled'): StepView[] {
  return [
    done('Set up job'),
    done('Run actions/checkout@v4'),
    done('Run acme/shiplog@v1'),
    done('Deploy to staging', deployOutcome),
    done('Smoke test', deployOutcome === 'success' ? 'success' : 'skipped'),
    { name: 'Post Run acme/shiplog@v1', status: 'in_progress', conclusion: null },
    queued('Post Run actions/checkout@v4'),
    queued('Complete job'),
  ];
}

/** The same job as a lagging API shows it: the deploy step still running. */
export function staleSteps(): StepView[] {
  return [
    done('Set up job'),
    done('Run actions/checkout@v4'),
    done('Run acme/shiplog@v1'),
    { name: 'Deploy to staging', status: 'in_progress', conclusion: null },
    queued('Smoke test'),
    queued('Complete job'),
  ];
}

/**
 * Answers the jobs API with this run's jobs: the current job (on `runnerName`) with the next queued
 * steps (the last set repeats), plus a finished job of the same run on another runner.
 */
export function serveJobs(
  stub: GitHubStub,
  runnerName: string,
  answers: StepView[][],
): { calls: () => number } {
  let calls = 0;
  const handler: StubHandler = (request, context) => {
    const steps = answers[Math.min(calls, answers.length - 1)] ?? [];
    calls++;
    const template = (context.example(200).jobs as JsonObject[])[0] ?? {};
    const job = (
      id: number,
      name: string,
      runner: string,
      status: string,
      jobSteps: StepView[],
    ): JsonObject => ({
      ...template,
      // The spec's own example lacks these required fields.
      created_at: '2026-01-20T09:42:30Z',
      workflow_name: 'Deploy',
      head_branch: 'main',
      runner_id: id,
      runner_group_id: 1,
      runner_group_name: 'GitHub Actions',
      id,
      run_id: Number(request.params.run_id),
      run_attempt: Number(request.params.attempt_number),
      name,
      status,
      conclusion: status === 'completed' ? 'success' : null,
      completed_at: status === 'completed' ? (template.completed_at ?? null) : null,
      runner_name: runner,
      steps: jobSteps.map((step, index) => ({
        ...step,
        number: index + 1,
        started_at: step.status === 'queued' ? null : '2026-01-20T09:42:40Z',
        completed_at: step.status === 'completed' ? '2026-01-20T09:42:41Z' : null,
      })),
    });
    return {
      status: 200,
      body: {
        total_count: 2,
        jobs: [
          job(901, 'build', 'GitHub Actions 3', 'completed', [
            done('Set up job'),
            done('Build'),
            done('Complete job'),
          ]),
          job(902, 'deploy', runnerName, 'in_progress', steps),
        ],
      },
    };
  };
  stub.on(JOBS_OPERATION, handler);
  return { calls: () => calls };
}
