/**
 * The job's outcome for the post step: the jobs API read until it has caught up with the runner, or
 * `unknown` with the reason when it cannot tell (no token, no `actions: read`, not found, still lagging).
 */
import type { FetchLike } from '../../shared/client/fetch-like.js';
import { describeNetworkError } from '../../shared/client/send.js';
import { messages } from '../messages.js';
import type { WorkflowContext } from '../workflow-context.js';
import { decideJobOutcome } from './decide-job-outcome.js';
import { findCurrentJob, JobsApiError } from './jobs-api.js';

/** The status the post step reports, and why. */
export type ResolvedOutcome =
  | { readonly status: 'success' | 'failure' | 'canceled'; readonly detail: string }
  | { readonly status: 'unknown'; readonly reason: string };

/** What {@link resolveJobOutcome} needs. */
export interface OutcomeSources {
  readonly context: WorkflowContext;
  readonly githubToken: string | undefined;
  readonly fetch: FetchLike;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The runner flushes step results about every second; five looks a second apart cover its lag. */
const LOOKS = 5;
const LOOK_INTERVAL_MS = 1_000;
const JOBS_API_TIMEOUT_MS = 15_000;

/** Reads the job's outcome; never throws. */
export async function resolveJobOutcome(sources: OutcomeSources): Promise<ResolvedOutcome> {
  const { context, githubToken } = sources;
  if (!githubToken) return { status: 'unknown', reason: messages.noGithubToken };
  const { repository, runId, runnerName } = context;
  if (!repository || !runId || !runnerName) return { status: 'unknown', reason: messages.notInRunner };

  let reason = messages.jobNotFound(runnerName);
  for (let look = 1; look <= LOOKS; look++) {
    if (look > 1) await sources.sleep(LOOK_INTERVAL_MS);
    try {
      const job = await findCurrentJob({
        apiUrl: context.apiUrl,
        token: githubToken,
        repository,
        runId,
        runAttempt: context.runAttempt,
        runnerName,
        fetch: sources.fetch,
        timeoutMs: JOBS_API_TIMEOUT_MS,
      });
      if (!job) continue;
      const outcome = decideJobOutcome(job);
      if (outcome.kind === 'settled') return { status: outcome.status, detail: outcome.detail };
      reason = outcome.reason;
    } catch (error) {
      // A refusal will not change by asking again; a network error might.
      if (error instanceof JobsApiError && error.status < 500 && error.status !== 429) {
        return { status: 'unknown', reason: messages.jobsApiRefused(error.status, error.message) };
      }
      reason = messages.jobsApiUnreachable(describeNetworkError(error, JOBS_API_TIMEOUT_MS));
    }
  }
  return { status: 'unknown', reason };
}
