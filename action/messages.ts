/**
 * Every message the Action writes to the log, its annotations and its summary, in one place. An error
 * says what was wrong and how to fix it; the App's own error texts are passed through unchanged.
 */
import { REPORTABLE_STATUSES } from '../shared/deployment-status.js';

const list = (values: readonly string[]) => values.join(', ');

export const messages = {
  // Inputs
  missingInput: (name: string, command?: string) =>
    `Input '${name}' is required${command ? ` for command '${command}'` : ''}: set it under 'with:'`,
  missingDefault: (name: string, variable: string) =>
    `Input '${name}' is not set and ${variable} is empty (is this running outside GitHub Actions?): set '${name}'`,
  invalidCommand: (value: string) =>
    `Input 'command' must be release, deploy or status${value ? `, got '${value}'` : ''}`,
  invalidVersion: (value: string) =>
    `Input 'version' must be a release candidate version such as 1.4.0-rc2 (a release version, '-rc' and a number), got '${value}'`,
  invalidStatus: (value: string) =>
    `Input 'status' must be one of ${list(REPORTABLE_STATUSES)}, got '${value}'`,
  invalidBoolean: (name: string, value: string) => `Input '${name}' must be true or false, got '${value}'`,
  invalidRetries: (value: string, max: number) =>
    `Input 'retries' must be a whole number from 0 to ${max}, got '${value}'`,
  invalidUrl: (value: string) =>
    `Input 'shiplog-url' must be the App's http(s) base URL such as https://shiplog.example.com, got '${value}'`,
  invalidIdempotencyKey: "Input 'idempotency-key' must be 1 to 255 printable ASCII characters without spaces",

  // Authentication
  idTokenUnavailable:
    "No 'token' input and no OIDC token available: give the job 'permissions: id-token: write' for keyless authentication, or pass a project API token as 'token'",
  idTokenRefused: (reason: string) =>
    `GitHub's OIDC token service did not issue a token (${reason}); retry the job, or pass a project API token as 'token'`,
  idTokenMalformed: "GitHub's OIDC token service answered without a token; retry the job",
  authenticatedWith: (how: 'token' | 'oidc', audience: string) =>
    how === 'token'
      ? 'Authenticating to Shiplog with the project API token'
      : `Authenticating to Shiplog with the job's GitHub OIDC token (audience '${audience}')`,

  // Progress
  retrying: (attempt: number, reason: string, delayMs: number) =>
    `Shiplog request attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms with the same idempotency key`,
  released: (version: string, commit: string, replayed: boolean) =>
    replayed
      ? `Release candidate ${version} already existed at ${commit}: nothing new was created`
      : `Cut release candidate ${version} at ${commit}`,
  deployed: (id: number, version: string, environment: string, status: string, replayed: boolean) =>
    replayed
      ? `Deployment ${id} of ${version} to ${environment} already existed (a retried report): status ${status}`
      : `Deployment ${id} of ${version} to ${environment}: ${status}`,
  deployAwaitingApproval: (id: number, environment: string, status: string) =>
    `Deployment ${id} to ${environment} waits for approvals in Shiplog (status 'blocked'), so it cannot be reported '${status}' and nothing should be deployed yet: this step fails. Gate the job with the GitHub environment and Shiplog's deployment protection rule (README, "GitHub Actions deployments") so it starts only once approved, or deploy to ${environment} with a /deploy comment`,
  statusReported: (id: number, version: string, environment: string, status: string) =>
    `Deployment ${id} of ${version} to ${environment} is now ${status}`,

  // Post step
  postNothingToDo:
    "No deployment to close: the main step did not deploy, failed first, or has 'report-job-outcome: false'",
  postAlreadyFinal: (id: number, status: string) =>
    `Deployment ${id} already ended with status '${status}' (a later step reported it): nothing to report`,
  postAwaitingApproval: (id: number) =>
    `Deployment ${id} is still waiting for approvals (status 'blocked'): Shiplog refuses reports until it is approved or rejected, so the post step leaves it as it is`,
  postOutcome: (status: string, detail: string) => `The job's outcome is ${status} (${detail})`,
  postUnknownOutcome: (reason: string) =>
    `Shiplog could not tell the job's outcome, so it reports 'unknown' (the Shiplog App can still close the deployment from GitHub's workflow_job event): ${reason}`,
  postReportedOther: (ours: number, reported: number) =>
    `A newer deployment (${reported}) of the same candidate to the same environment took this report; deployment ${ours} keeps its status`,
  invalidState: (detail: string) =>
    `The post step could not read what the main step saved (${detail}); report the final status with a 'command: status' step instead`,

  // Job outcome (jobs API)
  noGithubToken: "no 'github-token' to read the jobs API with",
  notInRunner: 'GITHUB_RUN_ID, GITHUB_REPOSITORY or RUNNER_NAME is not set',
  jobsApiRefused: (status: number, message: string) =>
    `the jobs API answered HTTP ${status} (${message}); give the job 'permissions: actions: read' so the post step can read its outcome`,
  jobsApiUnreachable: (reason: string) => `the jobs API could not be reached (${reason})`,
  jobNotFound: (runner: string) => `no in-progress job of this run attempt ran on runner '${runner}'`,
  jobNotCaughtUp: (step: string, status: string) =>
    `the jobs API has not caught up yet: step '${step}' still shows as ${status}`,
  noSteps: 'the jobs API lists no steps for this job yet',
  stepFailed: (step: string) => `step '${step}' failed`,
  stepCanceled: (step: string) => `step '${step}' was cancelled`,
  allStepsSucceeded: 'every step before this one succeeded',

  // Failures: the App's (or the network's) message, then a hint
  appError: (message: string, status: number, requestId: string | undefined) =>
    `${message} (HTTP ${status}${requestId ? `, request id ${requestId}` : ''})`,
  hint401oidc:
    "Hint: with OIDC the App checks the token's issuer, audience ('audience' input, SHIPLOG_OIDC_AUDIENCE on the App) and expiry; the message above names the check that failed",
  hint401token:
    "Hint: check the 'token' input: a project API token of this project, not revoked (create one with POST /api/projects/{name}/tokens)",
  hint404oidc: (repository: string | undefined) =>
    `Hint: check 'project' and 'environment'. With OIDC a workflow may only use projects whose repository is its own${repository ? ` ('${repository}')` : ''}`,
  hint404token: "Hint: check 'project' and 'environment', and that the token belongs to this project",
  hint409:
    'Hint: statuses move forward (only unknown may resume in_progress) and final ones never change; a candidate version stays at its first commit (cut the next -rcN for another commit)',
  hint422: "Hint: this 'idempotency-key' was already used for another request; use a new key",
  hint5xx: (attempts: number) =>
    `Hint: the Shiplog App failed; it was tried ${attempts} time${attempts === 1 ? '' : 's'}. Quote the request id to its operator`,
  hintNetwork: "Hint: check 'shiplog-url' and that the App is reachable from this runner",
  nonError: (value: string) => `The Action failed with a thrown value that is not an Error: ${value}`,
} as const;
