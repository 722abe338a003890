/**
 * Reads the current job from GitHub's REST API:
 * `GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs`. The job is the one of this
 * run attempt that is in progress on this runner (`RUNNER_NAME`): a runner executes one job at a time,
 * whereas the job's key (`GITHUB_JOB`) is shared by matrix legs and is not its display name.
 */
import type { FetchLike } from '../../shared/client/fetch-like.js';

/** The fields of a step (GitHub's `job.steps[]`) the outcome is decided from. */
export interface WorkflowStep {
  readonly name: string;
  readonly number: number;
  /** `queued`, `in_progress`, `completed`, ... */
  readonly status: string;
  /** Set once completed: `success`, `failure`, `cancelled`, `skipped`, ... */
  readonly conclusion: string | null;
}

/** The fields of a job (GitHub's `job` schema) the Action reads. */
export interface WorkflowJob {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly runner_name: string | null;
  readonly steps?: readonly WorkflowStep[];
}

/** The jobs API answered with an error status. */
export class JobsApiError extends Error {
  override readonly name = 'JobsApiError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where and as whom to look. */
export interface JobQuery {
  readonly apiUrl: string;
  readonly token: string;
  readonly repository: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly runnerName: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

const PER_PAGE = 100;
/** A run has at most a few hundred jobs; stop looking well past that. */
const MAX_PAGES = 10;

/** The in-progress job on this runner, or undefined when the API does not (yet) show one. */
export async function findCurrentJob(query: JobQuery): Promise<WorkflowJob | undefined> {
  const base = `${query.apiUrl.replace(/\/+$/, '')}/repos/${query.repository}/actions/runs/${encodeURIComponent(query.runId)}/attempts/${encodeURIComponent(query.runAttempt)}/jobs`;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await query.fetch(`${base}?per_page=${PER_PAGE}&page=${page}`, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${query.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'shiplog-action',
      },
      signal: AbortSignal.timeout(query.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new JobsApiError(response.status, githubMessage(text) ?? response.statusText);
    const jobs = (JSON.parse(text) as { jobs?: WorkflowJob[] }).jobs ?? [];
    const job = jobs.find((j) => j.runner_name === query.runnerName && j.status === 'in_progress');
    if (job || jobs.length < PER_PAGE) return job;
  }
  return undefined;
}

function githubMessage(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
      return body.message;
    }
  } catch {
    // not GitHub's JSON error
  }
  return undefined;
}
