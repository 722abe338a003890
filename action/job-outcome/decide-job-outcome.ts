/**
 * Decides a job's outcome from its steps as the jobs API shows them while the post step runs. Pure.
 *
 * The post step runs after every main step, so in an up-to-date answer every step before the first
 * unfinished one is completed and that unfinished one is a post step (`Post <name>`). If the first
 * unfinished step is a main step, the API has not caught up with the runner yet and the answer is
 * `unsettled`: the caller asks again. Conclusions are GitHub's: a step with `continue-on-error` that
 * failed concludes `success`, exactly as `job.status` ignores it.
 */
import { messages } from '../messages.js';
import type { WorkflowJob } from './jobs-api.js';

/** What the steps say about the job so far. */
export type JobOutcome =
  | { readonly kind: 'settled'; readonly status: 'success' | 'failure' | 'canceled'; readonly detail: string }
  | { readonly kind: 'unsettled'; readonly reason: string };

const POST_STEP = /^Post /;

/** The job's outcome from its completed steps, or `unsettled` while the API lags. */
export function decideJobOutcome(job: WorkflowJob): JobOutcome {
  const steps = [...(job.steps ?? [])].sort((a, b) => a.number - b.number);
  if (steps.length === 0) return { kind: 'unsettled', reason: messages.noSteps };
  const current = steps.findIndex((step) => step.status !== 'completed');
  const pending = steps[current];
  if (pending && !POST_STEP.test(pending.name)) {
    return { kind: 'unsettled', reason: messages.jobNotCaughtUp(pending.name, pending.status) };
  }
  const finished = current === -1 ? steps : steps.slice(0, current);
  const cancelled = finished.find((step) => step.conclusion === 'cancelled');
  if (cancelled)
    return { kind: 'settled', status: 'canceled', detail: messages.stepCanceled(cancelled.name) };
  const failed = finished.find((step) => step.conclusion === 'failure' || step.conclusion === 'timed_out');
  if (failed) return { kind: 'settled', status: 'failure', detail: messages.stepFailed(failed.name) };
  return { kind: 'settled', status: 'success', detail: messages.allStepsSucceeded };
}
