/**
 * The `GITHUB_*` and `RUNNER_*` variables the Action reads, in one place. Pure: the environment is a
 * parameter.
 */

/** The run, job and step the Action executes in. Fields are undefined outside a runner. */
export interface WorkflowContext {
  /** `org/repo`. */
  readonly repository: string | undefined;
  readonly sha: string | undefined;
  readonly runId: string | undefined;
  /** `1` for a first run; re-running a job increments it. */
  readonly runAttempt: string;
  /** The job's key in the workflow file (not its display name). */
  readonly job: string | undefined;
  /** The step's id, unique within the job. */
  readonly action: string | undefined;
  /** Identifies the job in the jobs API: a runner executes one job at a time. */
  readonly runnerName: string | undefined;
  /** REST base: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  readonly apiUrl: string;
  readonly serverUrl: string;
}

/** Reads the context from the environment. */
export function readWorkflowContext(env: Readonly<Record<string, string | undefined>>): WorkflowContext {
  const value = (name: string) => env[name]?.trim() || undefined;
  return {
    repository: value('GITHUB_REPOSITORY'),
    sha: value('GITHUB_SHA'),
    runId: value('GITHUB_RUN_ID'),
    runAttempt: value('GITHUB_RUN_ATTEMPT') ?? '1',
    job: value('GITHUB_JOB'),
    action: value('GITHUB_ACTION'),
    runnerName: value('RUNNER_NAME'),
    apiUrl: value('GITHUB_API_URL') ?? 'https://api.github.com',
    serverUrl: value('GITHUB_SERVER_URL') ?? 'https://github.com',
  };
}

/** A link to the run, for summaries; undefined outside a runner. */
export function runUrl(context: WorkflowContext): string | undefined {
  if (!context.repository || !context.runId) return undefined;
  return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}/attempts/${context.runAttempt}`;
}

/**
 * What a deployment report says about where it comes from: the App closes the deployment from this
 * job's `workflow_job` webhook if the job ends without a final status, and links the run on GitHub.
 */
export interface ReportOrigin {
  readonly github_run_id?: number;
  readonly github_job?: string;
  readonly log_url?: string;
}

export function reportOrigin(context: WorkflowContext): ReportOrigin {
  const runId = Number(context.runId);
  const url = runUrl(context);
  return {
    ...(Number.isSafeInteger(runId) && runId > 0 ? { github_run_id: runId } : {}),
    ...(context.job ? { github_job: context.job } : {}),
    ...(url ? { log_url: url } : {}),
  };
}
