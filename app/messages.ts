/**
 * Every message a user of the API or an operator reads, in one place. The Aviator strings are exact:
 * clients written against Aviator match on them.
 */
import {
  allowedNextStatuses,
  DEPLOYMENT_STATUSES,
  type DeploymentStatus,
  FINAL_STATUSES,
} from '../shared/deployment-status.js';

/** "a", "a or b", "a, b or c". */
function alternatives(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** True when `next` comes before `current` in a normal life (`canceling` → `in_progress`). */
function isEarlier(current: DeploymentStatus, next: DeploymentStatus): boolean {
  return DEPLOYMENT_STATUSES.indexOf(next) < DEPLOYMENT_STATUSES.indexOf(current);
}

export const messages = {
  // Aviator's documented errors, verbatim.
  invalidCandidateVersion: 'Invalid release candidate version',
  invalidCommit: 'Invalid commit hash',
  repositoryNotFound: 'GitHub repository not found',

  missingToken:
    'Missing API token: send "Authorization: Bearer <token>" with a project token (POST /api/projects/{name}/tokens) or the admin token',
  unknownToken: 'Unknown or revoked API token: create a new one with POST /api/projects/{name}/tokens',
  adminOnly:
    'This endpoint needs the admin token (SHIPLOG_ADMIN_TOKEN); project tokens cannot manage projects',
  managementDisabled:
    'The management API is disabled: start Shiplog with SHIPLOG_ADMIN_TOKEN set to enable it',

  projectNotFound: (name: string) => `Project '${name}' not found`,
  projectNotAccessible: (name: string) => `Project '${name}' not found (or this token cannot access it)`,
  projectExists: (name: string) => `Project '${name}' already exists; choose another name`,
  environmentNotFound: (project: string, name: string) =>
    `Environment '${name}' not found in project '${project}'`,
  environmentExists: (project: string, name: string) =>
    `Environment '${name}' already exists in project '${project}'`,
  duplicateEnvironment: (name: string) =>
    `Environment '${name}' is listed twice; environment names must be unique`,
  environmentHasDeployments: (name: string, count: number) =>
    `Environment '${name}' has ${count} deployment(s) and keeps their history; it cannot be removed`,
  tokenNotFound: (project: string, id: number) => `Token ${id} not found in project '${project}'`,
  releaseNotFound: (project: string, version: string) =>
    `Release '${version}' not found in project '${project}'`,
  candidateNotFound: (project: string, version: string) =>
    `Release candidate '${version}' not found in project '${project}'`,
  invalidVersion: (version: string) =>
    `Invalid version '${version}': expected a release version such as 1.4.0 or a release candidate version such as 1.4.0-rc2`,
  deploymentNotFound: (project: string, id: number) => `Deployment ${id} not found in project '${project}'`,
  repoMismatch: (repo: string, project: string, projectRepo: string) =>
    `Repository '${repo}' is not the repository of project '${project}' (${projectRepo}); send "repo": "${projectRepo}" or omit it`,
  candidateAtOtherCommit: (version: string, commit: string) =>
    `Release candidate '${version}' already exists at commit ${commit}; cut a new candidate (for example the next -rcN) for another commit`,
  noBuildWorkflow: (project: string) =>
    `trigger_build_workflow is true but project '${project}' has no build workflow configured; configure one or send "trigger_build_workflow": false`,
  finalStatus: (id: number, current: DeploymentStatus, next: DeploymentStatus) =>
    `Deployment ${id} already ended with status '${current}' and cannot become '${next}'; final statuses (${FINAL_STATUSES.join(', ')}) never change: create a new deployment to deploy again`,
  // The allowed moves come from the transition table the check uses, so the text cannot drift from it.
  backwardStatus: (id: number, current: DeploymentStatus, next: DeploymentStatus) =>
    `Deployment ${id} is '${current}'; from '${current}' it can move to ${alternatives(allowedNextStatuses(current).map((status) => `'${status}'`))}, not ${isEarlier(current, next) ? 'back ' : ''}to '${next}'`,
  idempotencyKeyReused: (key: string) =>
    `Idempotency-Key '${key}' was already used with a different request; use a new key for a new request`,
  invalidIdempotencyKey: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
  environmentFrozen: (project: string, environment: string, freeze: string) =>
    `Environment '${environment}' of project '${project}' is ${freeze}: no new deployment starts during a deploy freeze (see .github/shiplog.yml)`,
  environmentLocked: (project: string, environment: string, holder: string, reason: string | null) =>
    `Environment '${environment}' of project '${project}' is locked by ${holder}${reason ? ` (${reason})` : ''}: deployments into it wait until it is unlocked`,
  awaitingApproval: (id: number, environment: string, project: string) =>
    `Deployment ${id} to '${environment}' is waiting for approvals: approve it (\`/approve\` on its pull request, or POST /api/releases/${project}/deployments/${id}/approve) before reporting its progress, or reject it`,
  approvalsRequiredToReport: (project: string, environment: string) =>
    `Environment '${environment}' requires approvals: create the deployment first (POST /api/releases/${project}/environments/${environment}/deployments); it waits as 'blocked' until approved, then report its statuses`,
  noApprovalRequest: (id: number) =>
    `Deployment ${id} does not need approvals: its environment has no approval rules`,
  approvalDecided: (id: number, state: string) =>
    `Deployment ${id} is no longer waiting for approvals: it was ${state}`,
  workflowDecision: (id: number) =>
    `A workflow's OIDC token cannot approve or reject deployment ${id}: a decision is made for a person, so it needs a project API token (or the person's /approve in the pull request)`,
  selfApproval: (login: string, id: number) =>
    `@${login} asked for deployment ${id} and cannot approve it: the deployer never counts as an approver`,
  notAnApprover: (login: string, environment: string, rules: string) =>
    `@${login} is not an approver for '${environment}': it needs ${rules}`,
  lockHeld: (environment: string, holder: string) =>
    `Environment '${environment}' is locked by ${holder}: only its owner, or the admin token (an override, recorded in the audit trail), can release it`,
  approvalNeedsGitHub:
    'This approval rule names teams or write access, which only GitHub can check: configure the GitHub App (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET)',
  githubUnavailable: (detail: string) =>
    `GitHub could not be reached to validate the request (${detail}); nothing was stored, retry later`,

  // Requests too broken to reach a route's own checks.
  emptyBody: 'Request body is empty; send a JSON object',
  bodyNotUtf8: 'Request body is not UTF-8 text; send JSON encoded as UTF-8',
  bodyPrototypeKey:
    'Request body contains a "__proto__" or "constructor.prototype" key, which Shiplog refuses; remove or rename it',
  bodyNotJson: (detail: string) => `Request body is not valid JSON: ${detail}`,
  bodyTooLarge: (limitBytes: number) =>
    `Request body is too large; send at most ${limitBytes / 1024 / 1024} MiB (${limitBytes.toLocaleString('en-US')} bytes)`,
  unsupportedContentType: 'Unsupported Content-Type; send Content-Type: application/json',
  pathSegmentTooLong: (path: string, limit: number) =>
    `A segment of the URL path ${path} is longer than ${limit} characters; names, versions and ids are at most ${limit}`,
  badUrl: (path: string) =>
    `The URL path ${JSON.stringify(path)} is not valid: a % must start an escape of two hex digits (%2F), and the escapes must decode to UTF-8 text`,
  requestTimeout: 'The request was not received in time; send it again',
  headersTooLarge: 'The request headers are too large (at most 16 KB in all); send fewer or shorter headers',
  notHttp: (code: string) =>
    `The request is not valid HTTP/1.1 (${code}); check its request line and headers (no control characters)`,
  internalError: (requestId: string) =>
    `Internal error; report request id ${requestId} to the Shiplog operator`,
} as const;
