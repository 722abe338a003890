import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 767:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.connect = connect;
/**
 * Builds the App client for a step: the bearer token is the `token` input or, without one, the job's
 * GitHub OIDC token; retries are logged.
 */
const retry_policy_js_1 = __nccwpck_require__(641);
const shiplog_client_js_1 = __nccwpck_require__(706);
const messages_js_1 = __nccwpck_require__(597);
const id_token_js_1 = __nccwpck_require__(243);
const USER_AGENT = 'shiplog-action';
/** Obtains the bearer token (masking it) and returns a client of the App at `options.url`. */
async function connect(options, deps) {
    const { runner } = deps;
    const policy = { ...retry_policy_js_1.DEFAULT_RETRY_POLICY, retries: options.retries };
    const authentication = options.token ? 'token' : 'oidc';
    const token = options.token ??
        (await (0, id_token_js_1.requestIdToken)({
            env: deps.env,
            audience: options.audience,
            policy,
            fetch: deps.fetch,
            sleep: deps.sleep,
        }));
    runner.mask(token);
    runner.info(messages_js_1.messages.authenticatedWith(authentication, options.audience));
    return new shiplog_client_js_1.ShiplogClient({
        baseUrl: options.url,
        token,
        userAgent: USER_AGENT,
        retry: policy,
        fetch: deps.fetch,
        sleep: deps.sleep,
        onRetry: ({ attempt, reason, delayMs }) => runner.info(messages_js_1.messages.retrying(attempt, reason, delayMs)),
    });
}


/***/ }),

/***/ 783:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.describeFailure = describeFailure;
/**
 * Turns anything thrown into the one message that fails the step: what went wrong, in the App's own
 * words when the App answered, and a hint to fix it. A thrown non-Error still fails the step.
 */
const errors_js_1 = __nccwpck_require__(517);
const messages_js_1 = __nccwpck_require__(597);
/** The step's failure message. */
function describeFailure(error, context) {
    if (error instanceof errors_js_1.ShiplogApiError) {
        const what = messages_js_1.messages.appError(error.message, error.status, error.requestId);
        const hint = hintFor(error, context);
        return hint ? `${what}\n${hint}` : what;
    }
    if (error instanceof errors_js_1.ShiplogNetworkError)
        return `${error.message}\n${messages_js_1.messages.hintNetwork}`;
    if (error instanceof Error)
        return error.message || error.name;
    return messages_js_1.messages.nonError(stringify(error));
}
function hintFor(error, context) {
    const oidc = context.authentication === 'oidc';
    if (error.status === 401)
        return oidc ? messages_js_1.messages.hint401oidc : messages_js_1.messages.hint401token;
    if (error.status === 404)
        return oidc ? messages_js_1.messages.hint404oidc(context.repository) : messages_js_1.messages.hint404token;
    if (error.status === 409)
        return messages_js_1.messages.hint409;
    if (error.status === 422)
        return messages_js_1.messages.hint422;
    if (error.status >= 500)
        return messages_js_1.messages.hint5xx(error.attempts);
    return undefined;
}
function stringify(value) {
    if (typeof value === 'string')
        return value;
    try {
        return JSON.stringify(value) ?? String(value);
    }
    catch {
        return String(value);
    }
}


/***/ }),

/***/ 54:
/***/ ((__unused_webpack_module, exports) => {


/** The Action's own failure types; the App's and the network's come from the shared client. */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.StateError = exports.InputError = void 0;
/** An input is missing or invalid; the message names it and says what is accepted. */
class InputError extends Error {
    name = 'InputError';
}
exports.InputError = InputError;
/** The main step's state could not be read back by the post step. */
class StateError extends Error {
    name = 'StateError';
}
exports.StateError = StateError;


/***/ }),

/***/ 116:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.COMMANDS = exports.INPUTS = void 0;
exports.parseInputs = parseInputs;
exports.parsePostInputs = parsePostInputs;
/**
 * Every input of the Action, read and validated in this one place. {@link INPUTS} is the list
 * `action.yml` declares (a contract test holds the two together); {@link parseInputs} turns the raw
 * strings into one typed request per command, or throws an {@link InputError} naming the input.
 */
const deployment_status_js_1 = __nccwpck_require__(142);
const version_js_1 = __nccwpck_require__(402);
const idempotency_key_js_1 = __nccwpck_require__(281);
const errors_js_1 = __nccwpck_require__(54);
const messages_js_1 = __nccwpck_require__(597);
/** The inputs `action.yml` declares, with their `required` and `default`. */
exports.INPUTS = {
    'shiplog-url': { required: true },
    project: { required: true },
    command: { required: true },
    version: { required: true },
    environment: { required: false },
    status: { required: false },
    commit: { required: false },
    repository: { required: false },
    'trigger-build': { required: false, default: 'false' },
    token: { required: false },
    audience: { required: false, default: 'shiplog' },
    'idempotency-key': { required: false },
    'report-job-outcome': { required: false, default: 'true' },
    'github-token': { required: false, default: '${{ github.token }}' },
    retries: { required: false, default: '3' },
};
exports.COMMANDS = ['release', 'deploy', 'status'];
const MAX_RETRIES = 10;
/** Validates the main step's inputs; `context` supplies the workflow defaults (commit, repository). */
function parseInputs(read, context) {
    const command = read('command');
    if (!isCommand(command))
        throw new errors_js_1.InputError(messages_js_1.messages.invalidCommand(command));
    const version = required(read, 'version');
    if (!(0, version_js_1.parseCandidateVersion)(version))
        throw new errors_js_1.InputError(messages_js_1.messages.invalidVersion(version));
    const idempotencyKey = read('idempotency-key') || undefined;
    if (idempotencyKey !== undefined && !(0, idempotency_key_js_1.isIdempotencyKey)(idempotencyKey)) {
        throw new errors_js_1.InputError(messages_js_1.messages.invalidIdempotencyKey);
    }
    const common = { connection: parseConnection(read), version, idempotencyKey };
    switch (command) {
        case 'release':
            return {
                ...common,
                command,
                commit: read('commit') || defaulted('commit', context.sha, 'GITHUB_SHA'),
                repository: read('repository') || defaulted('repository', context.repository, 'GITHUB_REPOSITORY'),
                triggerBuild: parseBoolean(read, 'trigger-build'),
            };
        case 'deploy': {
            const status = read('status');
            return {
                ...common,
                command,
                environment: required(read, 'environment', command),
                status: status ? parseStatus(status) : undefined,
                reportJobOutcome: parseBoolean(read, 'report-job-outcome'),
            };
        }
        case 'status':
            return {
                ...common,
                command,
                environment: required(read, 'environment', command),
                status: parseStatus(required(read, 'status', command)),
            };
    }
}
/** Validates the inputs the post step uses. */
function parsePostInputs(read) {
    return { ...parseAuthentication(read), githubToken: read('github-token') || undefined };
}
/** How both steps authenticate to the App and retry: a token, or OIDC for the audience. */
function parseAuthentication(read) {
    return {
        token: read('token') || undefined,
        audience: read('audience') || exports.INPUTS.audience.default,
        retries: parseRetries(read),
    };
}
function parseConnection(read) {
    const url = required(read, 'shiplog-url');
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new errors_js_1.InputError(messages_js_1.messages.invalidUrl(url));
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new errors_js_1.InputError(messages_js_1.messages.invalidUrl(url));
    return { url, project: required(read, 'project'), ...parseAuthentication(read) };
}
function parseRetries(read) {
    const raw = read('retries') || exports.INPUTS.retries.default;
    if (!/^\d{1,2}$/.test(raw) || Number(raw) > MAX_RETRIES) {
        throw new errors_js_1.InputError(messages_js_1.messages.invalidRetries(raw, MAX_RETRIES));
    }
    return Number(raw);
}
/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
function parseBoolean(read, name) {
    const raw = read(name) || exports.INPUTS[name].default;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    if (['false', 'False', 'FALSE'].includes(raw))
        return false;
    throw new errors_js_1.InputError(messages_js_1.messages.invalidBoolean(name, raw));
}
function parseStatus(raw) {
    if (!(0, deployment_status_js_1.isReportableStatus)(raw))
        throw new errors_js_1.InputError(messages_js_1.messages.invalidStatus(raw));
    return raw;
}
function required(read, name, command) {
    const value = read(name);
    if (!value)
        throw new errors_js_1.InputError(messages_js_1.messages.missingInput(name, command));
    return value;
}
function defaulted(name, value, variable) {
    if (!value)
        throw new errors_js_1.InputError(messages_js_1.messages.missingDefault(name, variable));
    return value;
}
function isCommand(value) {
    return exports.COMMANDS.includes(value);
}


/***/ }),

/***/ 877:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.decideJobOutcome = decideJobOutcome;
/**
 * Decides a job's outcome from its steps as the jobs API shows them while the post step runs. Pure.
 *
 * The post step runs after every main step, so in an up-to-date answer every step before the first
 * unfinished one is completed and that unfinished one is a post step (`Post <name>`). If the first
 * unfinished step is a main step, the API has not caught up with the runner yet and the answer is
 * `unsettled`: the caller asks again. Conclusions are GitHub's: a step with `continue-on-error` that
 * failed concludes `success`, exactly as `job.status` ignores it.
 */
const messages_js_1 = __nccwpck_require__(597);
const POST_STEP = /^Post /;
/** The job's outcome from its completed steps, or `unsettled` while the API lags. */
function decideJobOutcome(job) {
    const steps = [...(job.steps ?? [])].sort((a, b) => a.number - b.number);
    if (steps.length === 0)
        return { kind: 'unsettled', reason: messages_js_1.messages.noSteps };
    const current = steps.findIndex((step) => step.status !== 'completed');
    const pending = steps[current];
    if (pending && !POST_STEP.test(pending.name)) {
        return { kind: 'unsettled', reason: messages_js_1.messages.jobNotCaughtUp(pending.name, pending.status) };
    }
    const finished = current === -1 ? steps : steps.slice(0, current);
    const cancelled = finished.find((step) => step.conclusion === 'cancelled');
    if (cancelled)
        return { kind: 'settled', status: 'canceled', detail: messages_js_1.messages.stepCanceled(cancelled.name) };
    const failed = finished.find((step) => step.conclusion === 'failure' || step.conclusion === 'timed_out');
    if (failed)
        return { kind: 'settled', status: 'failure', detail: messages_js_1.messages.stepFailed(failed.name) };
    return { kind: 'settled', status: 'success', detail: messages_js_1.messages.allStepsSucceeded };
}


/***/ }),

/***/ 911:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.JobsApiError = void 0;
exports.findCurrentJob = findCurrentJob;
/** The jobs API answered with an error status. */
class JobsApiError extends Error {
    status;
    name = 'JobsApiError';
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
exports.JobsApiError = JobsApiError;
const PER_PAGE = 100;
/** A run has at most a few hundred jobs; stop looking well past that. */
const MAX_PAGES = 10;
/** The in-progress job on this runner, or undefined when the API does not (yet) show one. */
async function findCurrentJob(query) {
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
        if (!response.ok)
            throw new JobsApiError(response.status, githubMessage(text) ?? response.statusText);
        const jobs = JSON.parse(text).jobs ?? [];
        const job = jobs.find((j) => j.runner_name === query.runnerName && j.status === 'in_progress');
        if (job || jobs.length < PER_PAGE)
            return job;
    }
    return undefined;
}
function githubMessage(text) {
    try {
        const body = JSON.parse(text);
        if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
            return body.message;
        }
    }
    catch {
        // not GitHub's JSON error
    }
    return undefined;
}


/***/ }),

/***/ 983:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.resolveJobOutcome = resolveJobOutcome;
const send_js_1 = __nccwpck_require__(576);
const messages_js_1 = __nccwpck_require__(597);
const decide_job_outcome_js_1 = __nccwpck_require__(877);
const jobs_api_js_1 = __nccwpck_require__(911);
/** The runner flushes step results about every second; five looks a second apart cover its lag. */
const LOOKS = 5;
const LOOK_INTERVAL_MS = 1_000;
const JOBS_API_TIMEOUT_MS = 15_000;
/** Reads the job's outcome; never throws. */
async function resolveJobOutcome(sources) {
    const { context, githubToken } = sources;
    if (!githubToken)
        return { status: 'unknown', reason: messages_js_1.messages.noGithubToken };
    const { repository, runId, runnerName } = context;
    if (!repository || !runId || !runnerName)
        return { status: 'unknown', reason: messages_js_1.messages.notInRunner };
    let reason = messages_js_1.messages.jobNotFound(runnerName);
    for (let look = 1; look <= LOOKS; look++) {
        if (look > 1)
            await sources.sleep(LOOK_INTERVAL_MS);
        try {
            const job = await (0, jobs_api_js_1.findCurrentJob)({
                apiUrl: context.apiUrl,
                token: githubToken,
                repository,
                runId,
                runAttempt: context.runAttempt,
                runnerName,
                fetch: sources.fetch,
                timeoutMs: JOBS_API_TIMEOUT_MS,
            });
            if (!job)
                continue;
            const outcome = (0, decide_job_outcome_js_1.decideJobOutcome)(job);
            if (outcome.kind === 'settled')
                return { status: outcome.status, detail: outcome.detail };
            reason = outcome.reason;
        }
        catch (error) {
            // A refusal will not change by asking again; a network error might.
            if (error instanceof jobs_api_js_1.JobsApiError && error.status < 500 && error.status !== 429) {
                return { status: 'unknown', reason: messages_js_1.messages.jobsApiRefused(error.status, error.message) };
            }
            reason = messages_js_1.messages.jobsApiUnreachable((0, send_js_1.describeNetworkError)(error, JOBS_API_TIMEOUT_MS));
        }
    }
    return { status: 'unknown', reason };
}


/***/ }),

/***/ 597:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.messages = void 0;
/**
 * Every message the Action writes to the log, its annotations and its summary, in one place. An error
 * says what was wrong and how to fix it; the App's own error texts are passed through unchanged.
 */
const deployment_status_js_1 = __nccwpck_require__(142);
const list = (values) => values.join(', ');
exports.messages = {
    // Inputs
    missingInput: (name, command) => `Input '${name}' is required${command ? ` for command '${command}'` : ''}: set it under 'with:'`,
    missingDefault: (name, variable) => `Input '${name}' is not set and ${variable} is empty (is this running outside GitHub Actions?): set '${name}'`,
    invalidCommand: (value) => `Input 'command' must be release, deploy or status${value ? `, got '${value}'` : ''}`,
    invalidVersion: (value) => `Input 'version' must be a release candidate version such as 1.4.0-rc2 (a release version, '-rc' and a number), got '${value}'`,
    invalidStatus: (value) => `Input 'status' must be one of ${list(deployment_status_js_1.REPORTABLE_STATUSES)}, got '${value}'`,
    invalidBoolean: (name, value) => `Input '${name}' must be true or false, got '${value}'`,
    invalidRetries: (value, max) => `Input 'retries' must be a whole number from 0 to ${max}, got '${value}'`,
    invalidUrl: (value) => `Input 'shiplog-url' must be the App's http(s) base URL such as https://shiplog.example.com, got '${value}'`,
    invalidIdempotencyKey: "Input 'idempotency-key' must be 1 to 255 printable ASCII characters without spaces",
    // Authentication
    idTokenUnavailable: "No 'token' input and no OIDC token available: give the job 'permissions: id-token: write' for keyless authentication, or pass a project API token as 'token'",
    idTokenRefused: (reason) => `GitHub's OIDC token service did not issue a token (${reason}); retry the job, or pass a project API token as 'token'`,
    idTokenMalformed: "GitHub's OIDC token service answered without a token; retry the job",
    authenticatedWith: (how, audience) => how === 'token'
        ? 'Authenticating to Shiplog with the project API token'
        : `Authenticating to Shiplog with the job's GitHub OIDC token (audience '${audience}')`,
    // Progress
    retrying: (attempt, reason, delayMs) => `Shiplog request attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms with the same idempotency key`,
    released: (version, commit, replayed) => replayed
        ? `Release candidate ${version} already existed at ${commit}: nothing new was created`
        : `Cut release candidate ${version} at ${commit}`,
    deployed: (id, version, environment, status, replayed) => replayed
        ? `Deployment ${id} of ${version} to ${environment} already existed (a retried report): status ${status}`
        : `Deployment ${id} of ${version} to ${environment}: ${status}`,
    deployAwaitingApproval: (id, environment, status) => `Deployment ${id} to ${environment} waits for approvals in Shiplog (status 'blocked'), so it cannot be reported '${status}' and nothing should be deployed yet: this step fails. Gate the job with the GitHub environment and Shiplog's deployment protection rule (README, "GitHub Actions deployments") so it starts only once approved, or deploy to ${environment} with a /deploy comment`,
    statusReported: (id, version, environment, status) => `Deployment ${id} of ${version} to ${environment} is now ${status}`,
    // Post step
    postNothingToDo: "No deployment to close: the main step did not deploy, failed first, or has 'report-job-outcome: false'",
    postAlreadyFinal: (id, status) => `Deployment ${id} already ended with status '${status}' (a later step reported it): nothing to report`,
    postAwaitingApproval: (id) => `Deployment ${id} is still waiting for approvals (status 'blocked'): Shiplog refuses reports until it is approved or rejected, so the post step leaves it as it is`,
    postOutcome: (status, detail) => `The job's outcome is ${status} (${detail})`,
    postUnknownOutcome: (reason) => `Shiplog could not tell the job's outcome, so it reports 'unknown' (the Shiplog App can still close the deployment from GitHub's workflow_job event): ${reason}`,
    postReportedOther: (ours, reported) => `A newer deployment (${reported}) of the same candidate to the same environment took this report; deployment ${ours} keeps its status`,
    invalidState: (detail) => `The post step could not read what the main step saved (${detail}); report the final status with a 'command: status' step instead`,
    // Job outcome (jobs API)
    noGithubToken: "no 'github-token' to read the jobs API with",
    notInRunner: 'GITHUB_RUN_ID, GITHUB_REPOSITORY or RUNNER_NAME is not set',
    jobsApiRefused: (status, message) => `the jobs API answered HTTP ${status} (${message}); give the job 'permissions: actions: read' so the post step can read its outcome`,
    jobsApiUnreachable: (reason) => `the jobs API could not be reached (${reason})`,
    jobNotFound: (runner) => `no in-progress job of this run attempt ran on runner '${runner}'`,
    jobNotCaughtUp: (step, status) => `the jobs API has not caught up yet: step '${step}' still shows as ${status}`,
    noSteps: 'the jobs API lists no steps for this job yet',
    stepFailed: (step) => `step '${step}' failed`,
    stepCanceled: (step) => `step '${step}' was cancelled`,
    allStepsSucceeded: 'every step before this one succeeded',
    // Failures: the App's (or the network's) message, then a hint
    appError: (message, status, requestId) => `${message} (HTTP ${status}${requestId ? `, request id ${requestId}` : ''})`,
    hint401oidc: "Hint: with OIDC the App checks the token's issuer, audience ('audience' input, SHIPLOG_OIDC_AUDIENCE on the App) and expiry; the message above names the check that failed",
    hint401token: "Hint: check the 'token' input: a project API token of this project, not revoked (create one with POST /api/projects/{name}/tokens)",
    hint404oidc: (repository) => `Hint: check 'project' and 'environment'. With OIDC a workflow may only use projects whose repository is its own${repository ? ` ('${repository}')` : ''}`,
    hint404token: "Hint: check 'project' and 'environment', and that the token belongs to this project",
    hint409: 'Hint: statuses move forward (only unknown may resume in_progress) and final ones never change; a candidate version stays at its first commit (cut the next -rcN for another commit)',
    hint422: "Hint: this 'idempotency-key' was already used for another request; use a new key",
    hint5xx: (attempts) => `Hint: the Shiplog App failed; it was tried ${attempts} time${attempts === 1 ? '' : 's'}. Quote the request id to its operator`,
    hintNetwork: "Hint: check 'shiplog-url' and that the App is reachable from this runner",
    nonError: (value) => `The Action failed with a thrown value that is not an Error: ${value}`,
};


/***/ }),

/***/ 897:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.closeDeployment = closeDeployment;
/**
 * The post step's orchestration, in order:
 * 1. read the deployment the main step started; stop if it already ended (a later step reported), or if
 *    it is still `blocked` waiting for approvals (the App refuses reports then; the approvers decide);
 * 2. resolve the job's outcome from the jobs API (`unknown` when it cannot tell, with the reason);
 * 3. report that status. A 409 is fine only if the deployment did end meanwhile (another report); any
 *    other refusal (e.g. the report landed on a newer deployment that refused it) fails the step.
 */
const deployment_status_js_1 = __nccwpck_require__(142);
const errors_js_1 = __nccwpck_require__(517);
const messages_js_1 = __nccwpck_require__(597);
/**
 * Closes the main step's deployment with the job's outcome unless it has already ended or is still
 * waiting for approvals.
 */
async function closeDeployment(state, deps) {
    const { client, runner } = deps;
    const current = await client.getDeployment(state.project, state.deploymentId);
    if ((0, deployment_status_js_1.isFinalStatus)(current.status))
        return { kind: 'already-final', deployment: current };
    if (current.status === 'blocked')
        return { kind: 'awaiting-approval', deployment: current };
    const outcome = await deps.resolveOutcome();
    if (outcome.status === 'unknown')
        runner.warning(messages_js_1.messages.postUnknownOutcome(outcome.reason));
    else
        runner.info(messages_js_1.messages.postOutcome(outcome.status, outcome.detail));
    let deployment;
    try {
        deployment = await client.reportDeploymentStatus(state.project, state.environment, {
            release_candidate_version: state.version,
            status: outcome.status,
        });
    }
    catch (error) {
        if (!(error instanceof errors_js_1.ShiplogApiError) || error.status !== 409)
            throw error;
        // Only a deployment that really ended meanwhile excuses the refusal.
        const after = await client.getDeployment(state.project, state.deploymentId);
        if (!(0, deployment_status_js_1.isFinalStatus)(after.status))
            throw error;
        return { kind: 'already-final', deployment: after };
    }
    if (deployment.id !== state.deploymentId) {
        runner.warning(messages_js_1.messages.postReportedOther(state.deploymentId, deployment.id));
    }
    return {
        kind: 'reported',
        report: {
            kind: 'deployment',
            source: 'post',
            deployment,
            replayed: false,
            url: client.deploymentUrl(state.project, deployment.id),
        },
    };
}


/***/ }),

/***/ 23:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.encodePostState = exports.POST_STATE_NAME = void 0;
exports.decodePostState = decodePostState;
/**
 * What the main step saves (`GITHUB_STATE`) for the post step: which deployment to close. Secrets are
 * never saved; the post step reads the token input again or requests a new OIDC token.
 */
const errors_js_1 = __nccwpck_require__(54);
const messages_js_1 = __nccwpck_require__(597);
/** The state entry's name; the post step reads it as `STATE_deployment`. */
exports.POST_STATE_NAME = 'deployment';
const encodePostState = (state) => JSON.stringify(state);
exports.encodePostState = encodePostState;
/** The saved state; undefined when the main step saved none (nothing to close). */
function decodePostState(raw) {
    if (!raw)
        return undefined;
    let value;
    try {
        value = JSON.parse(raw);
    }
    catch {
        throw new errors_js_1.StateError(messages_js_1.messages.invalidState('not JSON'));
    }
    if (!isPostState(value))
        throw new errors_js_1.StateError(messages_js_1.messages.invalidState('fields missing'));
    return value;
}
function isPostState(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const record = value;
    return (['url', 'project', 'environment', 'version'].every((key) => typeof record[key] === 'string') &&
        Number.isInteger(record.deploymentId));
}


/***/ }),

/***/ 825:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.publishReport = publishReport;
/** How a step presents what it did: one line in the log, the outputs (main step) and the job summary. */
const messages_js_1 = __nccwpck_require__(597);
const report_js_1 = __nccwpck_require__(123);
const summary_js_1 = __nccwpck_require__(889);
/** Logs the report's line, sets the outputs given, and appends the report's job summary. */
function publishReport(runner, report, options) {
    runner.info(describeReport(report));
    for (const [name, value] of Object.entries(options.outputs ?? {}))
        runner.setOutput(name, value);
    runner.appendSummary((0, summary_js_1.renderSummary)(report, options.link));
}
/** The log line of a report. */
function describeReport(report) {
    if (report.kind === 'release') {
        const { candidate } = report;
        return messages_js_1.messages.released(candidate.version, candidate.commit, report.replayed);
    }
    const { deployment: d } = report;
    return report.source === 'deploy'
        ? messages_js_1.messages.deployed(d.id, (0, report_js_1.candidateOf)(d), d.environment, d.status, report.replayed)
        : messages_js_1.messages.statusReported(d.id, (0, report_js_1.candidateOf)(d), d.environment, d.status);
}


/***/ }),

/***/ 123:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.candidateOf = void 0;
/**
 * The candidate a deployment deploys. The Action addresses deployments by candidate, so its own always
 * have one; deployments the App reconciled from GitHub may not.
 */
const candidateOf = (deployment) => deployment.release_candidate_version ?? '';
exports.candidateOf = candidateOf;


/***/ }),

/***/ 299:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.runPost = runPost;
/**
 * The post step's runner layer: reads the main step's state and the inputs, closes the deployment from
 * the job's outcome (post-main.ts), logs and summarises, and fails the step on any failure.
 */
const connect_js_1 = __nccwpck_require__(767);
const inputs_js_1 = __nccwpck_require__(116);
const resolve_job_outcome_js_1 = __nccwpck_require__(983);
const messages_js_1 = __nccwpck_require__(597);
const post_main_js_1 = __nccwpck_require__(897);
const post_state_js_1 = __nccwpck_require__(23);
const publish_report_js_1 = __nccwpck_require__(825);
const step_deps_js_1 = __nccwpck_require__(334);
const workflow_context_js_1 = __nccwpck_require__(362);
/** Runs the post step. Never throws: a failure fails the step (exit code 1, `::error::`). */
function runPost(options = {}) {
    return (0, step_deps_js_1.runStep)(options, async (deps, context) => {
        const { runner } = deps;
        const state = (0, post_state_js_1.decodePostState)(runner.state(post_state_js_1.POST_STATE_NAME));
        if (!state) {
            runner.info(messages_js_1.messages.postNothingToDo);
            return;
        }
        const inputs = (0, inputs_js_1.parsePostInputs)(runner.input);
        const client = await (0, connect_js_1.connect)({ ...inputs, url: state.url }, deps);
        const result = await (0, post_main_js_1.closeDeployment)(state, {
            client,
            runner,
            resolveOutcome: () => (0, resolve_job_outcome_js_1.resolveJobOutcome)({
                context,
                githubToken: inputs.githubToken,
                fetch: deps.fetch,
                sleep: deps.sleep,
            }),
        });
        switch (result.kind) {
            case 'already-final':
                runner.info(messages_js_1.messages.postAlreadyFinal(result.deployment.id, result.deployment.status));
                return;
            case 'awaiting-approval':
                runner.info(messages_js_1.messages.postAwaitingApproval(result.deployment.id));
                return;
            case 'reported':
                (0, publish_report_js_1.publishReport)(runner, result.report, { link: (0, workflow_context_js_1.runUrl)(context) });
        }
    });
}


/***/ }),

/***/ 315:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.appendKeyValue = appendKeyValue;
exports.appendText = appendText;
/**
 * Environment files: how a step hands outputs, state and its summary to the runner. A value goes in as
 * a heredoc whose delimiter is random, so no value can end it early and inject another entry.
 */
const node_crypto_1 = __nccwpck_require__(598);
const node_fs_1 = __nccwpck_require__(24);
const node_os_1 = __nccwpck_require__(161);
/** Appends `name<<delimiter ... delimiter` to a `GITHUB_OUTPUT`/`GITHUB_STATE`-style file. */
function appendKeyValue(path, name, value) {
    const delimiter = `ghadelimiter_${(0, node_crypto_1.randomUUID)()}`;
    // A UUID collision is not a realistic threat, but a value that contains the delimiter must never pass.
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`Refusing to write '${name}': the value contains the file-command delimiter`);
    }
    (0, node_fs_1.appendFileSync)(path, `${name}<<${delimiter}${node_os_1.EOL}${value}${node_os_1.EOL}${delimiter}${node_os_1.EOL}`, 'utf8');
}
/** Appends text (Markdown, for `GITHUB_STEP_SUMMARY`). */
function appendText(path, text) {
    (0, node_fs_1.appendFileSync)(path, text.endsWith(node_os_1.EOL) ? text : `${text}${node_os_1.EOL}`, 'utf8');
}


/***/ }),

/***/ 243:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.IdTokenError = void 0;
exports.requestIdToken = requestIdToken;
/**
 * Requests the job's GitHub OIDC ID token from the runner's token service, as `core.getIDToken()` does:
 * `ACTIONS_ID_TOKEN_REQUEST_URL` plus `&audience=...`, authenticated with
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. Both are set only when the job has `permissions: id-token: write`.
 */
const errors_js_1 = __nccwpck_require__(517);
const send_js_1 = __nccwpck_require__(576);
const messages_js_1 = __nccwpck_require__(597);
/** The ID token could not be obtained; the message says why and how to fix it. */
class IdTokenError extends Error {
    name = 'IdTokenError';
}
exports.IdTokenError = IdTokenError;
const TIMEOUT_MS = 30_000;
/**
 * The raw JWT. Sent through the App client's {@link send}, so it is retried the same way: network
 * errors, 5xx and 429, after `Retry-After` when the service gives one.
 */
async function requestIdToken(request) {
    const { env, audience, policy } = request;
    const serviceUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const serviceToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!serviceUrl || !serviceToken)
        throw new IdTokenError(messages_js_1.messages.idTokenUnavailable);
    const url = new URL(serviceUrl);
    url.searchParams.set('audience', audience);
    let body;
    try {
        ({ body } = await (0, send_js_1.send)({
            method: 'GET',
            url: url.href,
            headers: { authorization: `Bearer ${serviceToken}`, accept: 'application/json' },
        }, { fetch: request.fetch, policy, timeoutMs: TIMEOUT_MS, sleep: request.sleep }));
    }
    catch (error) {
        if (error instanceof errors_js_1.ShiplogApiError) {
            // A success whose body is not JSON, or a refusal.
            if (error.status < 300)
                throw new IdTokenError(messages_js_1.messages.idTokenMalformed);
            throw new IdTokenError(messages_js_1.messages.idTokenRefused(`HTTP ${error.status}`));
        }
        if (error instanceof errors_js_1.ShiplogNetworkError) {
            throw new IdTokenError(messages_js_1.messages.idTokenRefused((0, send_js_1.describeNetworkError)(error.cause, TIMEOUT_MS)));
        }
        throw error;
    }
    return tokenFrom(body);
}
function tokenFrom(body) {
    const value = typeof body === 'object' && body !== null && 'value' in body ? body.value : undefined;
    if (typeof value !== 'string' || value === '')
        throw new IdTokenError(messages_js_1.messages.idTokenMalformed);
    return value;
}


/***/ }),

/***/ 260:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.processIo = void 0;
exports.createRunner = createRunner;
/**
 * The runner protocols the Action needs: inputs, outputs, state, job summary, log commands and the step's
 * result. These few file and stdout protocols replace `@actions/core` 3, which alone bundles to ~1 MB
 * (its HTTP client pulls in undici) and starts in ~2x the time of Node doing nothing (measured).
 */
const file_commands_js_1 = __nccwpck_require__(315);
const workflow_commands_js_1 = __nccwpck_require__(462);
/** The runner of the current process. */
const processIo = () => ({
    env: process.env,
    writeLine: (line) => process.stdout.write(`${line}\n`),
    setExitCode: (code) => {
        process.exitCode = code;
    },
});
exports.processIo = processIo;
/** A {@link Runner} over environment variables, environment files and stdout. */
function createRunner(io = (0, exports.processIo)()) {
    const { env, writeLine } = io;
    const command = (name, message) => writeLine((0, workflow_commands_js_1.formatCommand)(name, message));
    const toFile = (variable, write) => {
        const path = env[variable];
        // Outside a runner (a local try-out) there is no file: say so in the debug log and carry on.
        if (path)
            write(path);
        else
            command('debug', `${variable} is not set; skipped writing to it`);
    };
    return {
        input: (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim(),
        state: (name) => env[`STATE_${name}`] ?? '',
        setOutput: (name, value) => toFile('GITHUB_OUTPUT', (path) => (0, file_commands_js_1.appendKeyValue)(path, name, value)),
        saveState: (name, value) => toFile('GITHUB_STATE', (path) => (0, file_commands_js_1.appendKeyValue)(path, name, value)),
        appendSummary: (markdown) => toFile('GITHUB_STEP_SUMMARY', (path) => (0, file_commands_js_1.appendText)(path, markdown)),
        info: (message) => writeLine(message),
        debug: (message) => command('debug', message),
        warning: (message) => command('warning', message),
        mask: (secret) => {
            if (secret)
                command('add-mask', secret);
        },
        fail: (message) => {
            command('error', message);
            io.setExitCode(1);
        },
    };
}


/***/ }),

/***/ 462:
/***/ ((__unused_webpack_module, exports) => {


/**
 * Workflow commands (`::error::message`) as the Actions runner parses them from stdout. Same escaping as
 * `@actions/core`: data escapes `%`, CR and LF; property values also `:` and `,`.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.formatCommand = formatCommand;
exports.escapeData = escapeData;
/** One `::command key=value,...::message` line, without the line break. */
function formatCommand(command, message, properties = {}) {
    const props = Object.entries(properties)
        .filter((entry) => entry[1] !== undefined && entry[1] !== '')
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
/** Escapes a command's message so a line break cannot end it (or start a forged command). */
function escapeData(value) {
    return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}


/***/ }),

/***/ 334:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.runStep = runStep;
const node_http_fetch_js_1 = __nccwpck_require__(214);
const describe_failure_js_1 = __nccwpck_require__(783);
const runner_js_1 = __nccwpck_require__(260);
const workflow_context_js_1 = __nccwpck_require__(362);
/** The real collaborators, or the ones `options` gives. */
function createStepDeps(options = {}) {
    const io = options.io ?? (0, runner_js_1.processIo)();
    return {
        io,
        env: io.env,
        runner: (0, runner_js_1.createRunner)(io),
        fetch: options.fetch ?? node_http_fetch_js_1.nodeHttpFetch,
        sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
}
/**
 * Runs a step's body with its collaborators and workflow context. Never throws: any failure, even a
 * thrown non-Error, fails the step (exit code 1, `::error::`) with a hint for how it authenticated.
 */
async function runStep(options, body) {
    const deps = createStepDeps(options);
    const { runner } = deps;
    const context = (0, workflow_context_js_1.readWorkflowContext)(deps.io.env);
    const failure = {
        authentication: runner.input('token') ? 'token' : 'oidc',
        repository: context.repository,
    };
    try {
        await body(deps, context);
    }
    catch (error) {
        runner.fail((0, describe_failure_js_1.describeFailure)(error, failure));
    }
}


/***/ }),

/***/ 889:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.renderSummary = renderSummary;
/** The job summary: one Markdown table per report. */
const report_js_1 = __nccwpck_require__(123);
const TITLES = {
    deploy: 'deployment started',
    status: 'deployment status reported',
    post: "deployment closed from the job's outcome",
};
/** The Markdown section a report appends to the job summary. */
function renderSummary(report, runUrl) {
    const rows = report.kind === 'release'
        ? [
            ['Project', cell(report.candidate.project)],
            ['Release candidate', link(report.candidate.version, report.url)],
            ['Release', cell(report.candidate.release_version)],
            ['Repository', cell(report.candidate.repo)],
            ['Commit', code(report.candidate.commit)],
            ['Verified against GitHub', report.candidate.verified ? 'yes' : 'no'],
        ]
        : [
            ['Project', cell(report.deployment.project)],
            ['Environment', cell(report.deployment.environment)],
            ['Release candidate', cell((0, report_js_1.candidateOf)(report.deployment))],
            ['Commit', code(report.deployment.commit)],
            ['Deployment', link(`#${report.deployment.id}`, report.url)],
            ['Status', code(report.deployment.status)],
        ];
    if (report.replayed)
        rows.push(['Note', 'already recorded by an earlier attempt: nothing was duplicated']);
    if (runUrl)
        rows.push(['Workflow run', link('this run', runUrl)]);
    const title = report.kind === 'release' ? 'release candidate cut' : TITLES[report.source];
    return [
        `### Shiplog: ${title}`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([key, value]) => `| ${key} | ${value} |`),
        // A blank line after the table, so the next step's section starts a new block.
        '',
        '',
    ].join('\n');
}
/** Escapes what would break a table cell or start Markdown/HTML. */
function cell(value) {
    return value.replace(/[\\|<>[\]`*_]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
const code = (value) => `\`${value.replace(/[`|\r\n]/g, '')}\``;
const link = (text, url) => `[${cell(text)}](${url.replace(/[()\s|]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)})`;


/***/ }),

/***/ 362:
/***/ ((__unused_webpack_module, exports) => {


/**
 * The `GITHUB_*` and `RUNNER_*` variables the Action reads, in one place. Pure: the environment is a
 * parameter.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.readWorkflowContext = readWorkflowContext;
exports.runUrl = runUrl;
exports.reportOrigin = reportOrigin;
/** Reads the context from the environment. */
function readWorkflowContext(env) {
    const value = (name) => env[name]?.trim() || undefined;
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
function runUrl(context) {
    if (!context.repository || !context.runId)
        return undefined;
    return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}/attempts/${context.runAttempt}`;
}
function reportOrigin(context) {
    const runId = Number(context.runId);
    const url = runUrl(context);
    return {
        ...(Number.isSafeInteger(runId) && runId > 0 ? { github_run_id: runId } : {}),
        ...(context.job ? { github_job: context.job } : {}),
        ...(url ? { log_url: url } : {}),
    };
}


/***/ }),

/***/ 517:
/***/ ((__unused_webpack_module, exports) => {


/**
 * What a failed call to the Shiplog App throws. Callers branch on the class, never on message text.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ShiplogNetworkError = exports.ShiplogApiError = void 0;
/** The App answered with an error status. `message` is the App's own `error` text, verbatim. */
class ShiplogApiError extends Error {
    status;
    requestId;
    attempts;
    name = 'ShiplogApiError';
    constructor(
    /** The HTTP status the App answered with. */
    status, message, 
    /** The App's `x-request-id`, to quote to its operator. */
    requestId, 
    /** How many times the request was sent (1 when it was not retried). */
    attempts) {
        super(message);
        this.status = status;
        this.requestId = requestId;
        this.attempts = attempts;
    }
}
exports.ShiplogApiError = ShiplogApiError;
/** No answer from the App after every retry: connection refused or reset, DNS failure, or timeout. */
class ShiplogNetworkError extends Error {
    attempts;
    name = 'ShiplogNetworkError';
    constructor(message, 
    /** How many times the request was sent. */
    attempts, options) {
        super(message, options);
        this.attempts = attempts;
    }
}
exports.ShiplogNetworkError = ShiplogNetworkError;


/***/ }),

/***/ 158:
/***/ ((__unused_webpack_module, exports) => {


/**
 * The slice of `fetch` the client needs. The global `fetch` fits it as is; so does
 * {@link nodeHttpFetch}, which answers without loading the platform's fetch machinery.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.globalFetch = void 0;
/** The platform's global `fetch`. */
const globalFetch = (url, init) => fetch(url, init);
exports.globalFetch = globalFetch;


/***/ }),

/***/ 94:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.clientMessages = void 0;
/** Every message the client itself writes (the App's own error texts pass through unchanged). */
exports.clientMessages = {
    notJsonError: (status, statusText, contentType) => `HTTP ${status} ${statusText}`.trim() +
        ` with a ${contentType || 'body'} that is not a Shiplog error: a proxy or another server answered`,
    notJsonSuccess: (status, url) => `HTTP ${status} from ${url} is not JSON: is the URL the Shiplog App's base URL (for example https://shiplog.example.com)?`,
    unreachable: (url, attempts, reason) => `Shiplog at ${url} could not be reached after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason})`,
    timedOut: (ms) => `no answer within ${ms} ms`,
};


/***/ }),

/***/ 214:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.nodeHttpFetch = void 0;
/**
 * A {@link FetchLike} over `node:http`/`node:https`. Node 20's global `fetch` loads undici and compiles
 * its HTTP parser (WebAssembly) on first use: for the Action, a process that sends a request or two and
 * exits, that measured ~230 ms and 82 MiB per report against ~80 ms and 44 MiB here.
 *
 * Like the global `fetch`, it uses no proxy; unlike it, it follows no redirect (the App's API never
 * redirects, so one surfaces as its status). Errors have fetch's shape, a `TypeError` whose `cause` is the
 * system error, or the signal's reason on timeout, so callers handle both transports alike.
 */
const node_http_1 = __nccwpck_require__(67);
const node_https_1 = __nccwpck_require__(708);
const nodeHttpFetch = (url, init) => new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = { 'http:': node_http_1.request, 'https:': node_https_1.request }[target.protocol];
    if (!send) {
        reject(new TypeError(`Unsupported protocol ${target.protocol}`));
        return;
    }
    const fail = (error) => reject(init.signal.aborted ? init.signal.reason : new TypeError('fetch failed', { cause: error }));
    const headers = { ...init.headers };
    if (init.body !== undefined)
        headers['content-length'] = String(Buffer.byteLength(init.body));
    // No agent: one connection per request, closed after it, so nothing keeps the process alive.
    const request = send(target, { method: init.method ?? 'GET', headers, agent: false, signal: init.signal }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => resolve(answer(response, Buffer.concat(chunks).toString('utf8'))));
    });
    request.on('error', fail);
    request.end(init.body);
});
exports.nodeHttpFetch = nodeHttpFetch;
function answer(response, text) {
    const status = response.statusCode ?? 0;
    return {
        status,
        statusText: response.statusMessage ?? '',
        ok: status >= 200 && status < 300,
        headers: {
            get: (name) => {
                const value = response.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
        },
        text: async () => text,
    };
}


/***/ }),

/***/ 641:
/***/ ((__unused_webpack_module, exports) => {


/**
 * When and how long to wait before sending a request again. Pure: the clock and the random source are
 * parameters, so the schedule is unit-testable.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DEFAULT_RETRY_POLICY = void 0;
exports.isRetryableStatus = isRetryableStatus;
exports.retryDelay = retryDelay;
exports.parseRetryAfter = parseRetryAfter;
/** Up to 4 attempts over ~7 s at worst: long enough for an App restart, short enough for a CI step. */
exports.DEFAULT_RETRY_POLICY = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };
/**
 * Statuses worth sending again: the App or a proxy in front of it was briefly unable to answer. A 4xx
 * other than 429 is the request's own fault and would fail the same way again.
 */
function isRetryableStatus(status) {
    return status === 429 || status >= 500;
}
/**
 * The wait before retry number `retry` (1-based): "full jitter" backoff, a random delay up to
 * `baseDelayMs * 2^(retry-1)`, so that many clients retrying together spread out. A server's
 * `Retry-After` (seconds or an HTTP date) wins when given, within `maxDelayMs`.
 */
function retryDelay(policy, retry, retryAfter = null, now = Date.now(), random = Math.random) {
    const requested = parseRetryAfter(retryAfter, now);
    if (requested !== undefined)
        return Math.min(requested, policy.maxDelayMs);
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
    return Math.round(random() * cap);
}
/** `Retry-After` in milliseconds from `now`; undefined when absent or unreadable. */
function parseRetryAfter(value, now) {
    if (value === null)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}


/***/ }),

/***/ 576:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.send = send;
exports.describeNetworkError = describeNetworkError;
/**
 * Sends one request to the App with retries: network errors, timeouts, 5xx and 429 are retried with
 * exponential backoff; anything else settles at once. Callers make retries safe (an idempotency key,
 * or a naturally idempotent request); this layer only decides when to send again.
 */
const errors_js_1 = __nccwpck_require__(517);
const messages_js_1 = __nccwpck_require__(94);
const retry_policy_js_1 = __nccwpck_require__(641);
/** Sends `request`, retrying per `transport.policy`; throws {@link ShiplogApiError} or {@link ShiplogNetworkError}. */
async function send(request, transport) {
    const { policy } = transport;
    for (let attempt = 1;; attempt++) {
        const result = await sendOnce(request, transport);
        const last = attempt > policy.retries;
        let retryAfter = null;
        if (result.kind === 'answered') {
            const { response, text } = result;
            if (response.ok)
                return parseSuccess(response, text, request.url, attempt);
            if (last || !(0, retry_policy_js_1.isRetryableStatus)(response.status))
                throw apiError(response, text, attempt);
            retryAfter = response.headers.get('retry-after');
        }
        else if (last) {
            const message = messages_js_1.clientMessages.unreachable(request.url, attempt, result.reason);
            throw new errors_js_1.ShiplogNetworkError(message, attempt, { cause: result.error });
        }
        const reason = result.kind === 'answered' ? `HTTP ${result.response.status}` : result.reason;
        const delayMs = (0, retry_policy_js_1.retryDelay)(policy, attempt, retryAfter);
        transport.onRetry?.({ attempt, delayMs, reason });
        await transport.sleep(delayMs);
    }
}
async function sendOnce(request, transport) {
    try {
        const response = await transport.fetch(request.url, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
            signal: AbortSignal.timeout(transport.timeoutMs),
        });
        // Read the body inside the attempt: a connection cut mid-body is a network error, retried like one.
        return { kind: 'answered', response, text: await response.text() };
    }
    catch (error) {
        return { kind: 'failed', reason: describeNetworkError(error, transport.timeoutMs), error };
    }
}
function parseSuccess(response, text, url, attempts) {
    try {
        return { status: response.status, headers: response.headers, body: JSON.parse(text), attempts };
    }
    catch {
        throw new errors_js_1.ShiplogApiError(response.status, messages_js_1.clientMessages.notJsonSuccess(response.status, url), response.headers.get('x-request-id') ?? undefined, attempts);
    }
}
function apiError(response, text, attempts) {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const message = errorText(text) ??
        messages_js_1.clientMessages.notJsonError(response.status, response.statusText, response.headers.get('content-type')?.split(';')[0] ?? '');
    return new errors_js_1.ShiplogApiError(response.status, message, requestId, attempts);
}
/** The App's `{"error": "..."}` text, if that is what the body is. */
function errorText(text) {
    try {
        const body = JSON.parse(text);
        if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
            return body.error;
        }
    }
    catch {
        // not JSON: a proxy's page, described by the caller
    }
    return undefined;
}
/**
 * `ECONNREFUSED`, `no answer within 30000 ms`, ...: the most specific reason fetch gives. Duck-typed:
 * fetch's errors may come from another realm (a test sandbox), where `instanceof Error` is false.
 */
function describeNetworkError(error, timeoutMs) {
    const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {});
    if (name === 'TimeoutError' || name === 'AbortError')
        return messages_js_1.clientMessages.timedOut(timeoutMs);
    if (typeof cause === 'object' && cause !== null) {
        const inner = cause;
        if (typeof inner.code === 'string')
            return inner.code;
        if (typeof inner.message === 'string')
            return inner.message;
    }
    return typeof message === 'string' ? message : String(error);
}


/***/ }),

/***/ 706:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ShiplogClient = void 0;
/**
 * The typed client of the App's native API, for the Action (and any other Node program). It depends on
 * nothing but the platform's `fetch`: the API's shapes come in as types only, so neither TypeBox nor any
 * App code ends up in a bundle that uses it.
 */
const node_crypto_1 = __nccwpck_require__(598);
const fetch_like_js_1 = __nccwpck_require__(158);
const retry_policy_js_1 = __nccwpck_require__(641);
const send_js_1 = __nccwpck_require__(576);
const DEFAULT_TIMEOUT_MS = 30_000;
/** A client bound to one App and one token. */
class ShiplogClient {
    options;
    base;
    transport;
    constructor(options) {
        this.options = options;
        this.base = options.baseUrl.replace(/\/+$/, '');
        this.transport = {
            fetch: options.fetch ?? fetch_like_js_1.globalFetch,
            policy: { ...retry_policy_js_1.DEFAULT_RETRY_POLICY, ...options.retry },
            timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
            ...(options.onRetry ? { onRetry: options.onRetry } : {}),
        };
    }
    /** `POST /api/releases/{project}/releases/{version}`: cuts a release candidate at a commit. */
    async createReleaseCandidate(project, version, body, options = {}) {
        const path = `/api/releases/${segment(project)}/releases/${segment(version)}`;
        return this.create(path, body, options);
    }
    /** `POST /api/releases/{project}/environments/{environment}/deployments`: a new `pending` deployment. */
    async createDeployment(project, environment, body, options = {}) {
        return this.create(deploymentsPath(project, environment), body, options);
    }
    /**
     * `PATCH /api/releases/{project}/environments/{environment}/deployments`: reports the status of the
     * candidate's newest deployment there. Repeating the current status is a no-op, so retrying is safe.
     */
    async reportDeploymentStatus(project, environment, body, options = {}) {
        const request = this.request('PATCH', deploymentsPath(project, environment), body, options);
        return (await (0, send_js_1.send)(request, this.transport)).body;
    }
    /** `GET /api/releases/{project}/deployments/{id}`. */
    async getDeployment(project, id) {
        const request = this.request('GET', `/api/releases/${segment(project)}/deployments/${id}`);
        return (await (0, send_js_1.send)(request, this.transport)).body;
    }
    /** Where a person (or a script) reads a release candidate. */
    candidateUrl(project, version) {
        return `${this.base}/api/releases/${segment(project)}/releases/${segment(version)}`;
    }
    /** Where a person (or a script) reads a deployment. */
    deploymentUrl(project, id) {
        return `${this.base}/api/releases/${segment(project)}/deployments/${id}`;
    }
    async create(path, body, options) {
        const response = await (0, send_js_1.send)(this.request('POST', path, body, options), this.transport);
        return { record: response.body, replayed: response.headers.get('idempotent-replayed') === 'true' };
    }
    request(method, path, body, options) {
        const headers = {
            accept: 'application/json',
            authorization: `Bearer ${this.options.token}`,
        };
        if (this.options.userAgent)
            headers['user-agent'] = this.options.userAgent;
        if (body !== undefined)
            headers['content-type'] = 'application/json';
        // One key per write, reused by every retry of it: that is what makes the retry recognisable.
        if (options)
            headers['idempotency-key'] = options.idempotencyKey ?? (0, node_crypto_1.randomUUID)();
        return { method, url: `${this.base}${path}`, headers, ...(body === undefined ? {} : { body }) };
    }
}
exports.ShiplogClient = ShiplogClient;
const segment = (value) => encodeURIComponent(value);
const deploymentsPath = (project, environment) => `/api/releases/${segment(project)}/environments/${segment(environment)}/deployments`;


/***/ }),

/***/ 142:
/***/ ((__unused_webpack_module, exports) => {


/**
 * The deployment status state machine. Statuses move forward (an `unknown` deployment may still resume
 * `in_progress`): a late or retried report can never overwrite a later one, and a final status is never
 * left. The table of allowed moves below is the one source for both the check and its refusal text.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.FINAL_STATUSES = exports.REPORTABLE_STATUSES = exports.DEPLOYMENT_STATUSES = void 0;
exports.allowedNextStatuses = allowedNextStatuses;
exports.isReportableStatus = isReportableStatus;
exports.isFinalStatus = isFinalStatus;
exports.transition = transition;
/** Every status a deployment can have, in the order of a normal life. */
exports.DEPLOYMENT_STATUSES = [
    'blocked',
    'pending',
    'in_progress',
    'canceling',
    'unknown',
    'success',
    'failure',
    'canceled',
];
/**
 * Statuses a client may report. `blocked` is Shiplog's own: a deployment waits in it for the approvals
 * its environment requires, and only an approval (or a rejection) moves it on.
 */
exports.REPORTABLE_STATUSES = exports.DEPLOYMENT_STATUSES.filter((status) => status !== 'blocked');
/**
 * Allowed moves. `blocked` is left when the approvals are complete (usually to `pending`) or for
 * `canceled` on a rejection; nothing moves back into it. `unknown` (silent past its timeout, or
 * reported so) may still resolve: the deployment may report progress again or finish. `canceling` may
 * still end in `success` or `failure` when the cancellation arrived too late to stop the deploy.
 */
const NEXT = {
    blocked: ['pending', 'in_progress', 'success', 'failure', 'canceled'],
    pending: ['in_progress', 'canceling', 'unknown', 'success', 'failure', 'canceled'],
    in_progress: ['canceling', 'unknown', 'success', 'failure', 'canceled'],
    canceling: ['unknown', 'success', 'failure', 'canceled'],
    unknown: ['in_progress', 'canceling', 'success', 'failure', 'canceled'],
    success: [],
    failure: [],
    canceled: [],
};
/**
 * Statuses a deployment never leaves: those with no allowed move, read from the transition table so the
 * two can never disagree (`success`, `failure`, `canceled`).
 */
exports.FINAL_STATUSES = exports.DEPLOYMENT_STATUSES.filter((status) => NEXT[status].length === 0);
/**
 * The statuses a deployment in `current` may move to, in the order of a normal life: exactly the moves
 * `transition` accepts (besides repeating `current`). Empty for a final status.
 */
function allowedNextStatuses(current) {
    return NEXT[current];
}
/** True for a status a client may report (every status but `blocked`). */
function isReportableStatus(value) {
    return exports.REPORTABLE_STATUSES.includes(value);
}
function isFinalStatus(status) {
    return exports.FINAL_STATUSES.includes(status);
}
/** Decides whether a deployment in `current` may take `next`. Pure; the caller words the refusal. */
function transition(current, next) {
    if (current === next)
        return { kind: 'unchanged' };
    if (NEXT[current].includes(next))
        return { kind: 'moved' };
    return { kind: 'refused', reason: isFinalStatus(current) ? 'final' : 'backwards' };
}


/***/ }),

/***/ 281:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.isIdempotencyKey = void 0;
/**
 * The `Idempotency-Key` header's grammar: 1 to 255 visible ASCII characters. The App checks the header
 * with it and the Action its `idempotency-key` input, so a key the Action accepts is never refused.
 */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const isIdempotencyKey = (value) => IDEMPOTENCY_KEY.test(value);
exports.isIdempotencyKey = isIdempotencyKey;


/***/ }),

/***/ 402:
/***/ ((__unused_webpack_module, exports) => {


/**
 * The release-candidate version grammar shared by the App and the Action.
 *
 * A release version is one to four dot-separated non-negative integers, optionally prefixed by `v`
 * (`1.4.0`, `v2.0`, `2026.11.3`). A release-candidate version is a release version followed by `-rcN`,
 * N a positive integer (`1.4.0-rc2`). A candidate joins the release named by everything before `-rc`.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.MAX_VERSION_LENGTH = void 0;
exports.parseCandidateVersion = parseCandidateVersion;
exports.isReleaseVersion = isReleaseVersion;
/** Longest accepted version string; longer input is refused rather than stored. */
exports.MAX_VERSION_LENGTH = 64;
const RELEASE = String.raw `v?\d{1,9}(?:\.\d{1,9}){0,3}`;
const RELEASE_PATTERN = new RegExp(`^${RELEASE}$`);
const CANDIDATE_PATTERN = new RegExp(`^(${RELEASE})-rc([1-9]\\d{0,8})$`);
/** Parses `1.4.0-rc2`; returns `undefined` for anything outside the grammar. */
function parseCandidateVersion(input) {
    if (input.length > exports.MAX_VERSION_LENGTH)
        return undefined;
    const match = CANDIDATE_PATTERN.exec(input);
    if (!match?.[1] || !match[2])
        return undefined;
    return { version: input, release: match[1], number: Number(match[2]) };
}
/** True for a release version such as `1.4.0` or `v2.0` (no `-rc` suffix). */
function isReleaseVersion(input) {
    return input.length <= exports.MAX_VERSION_LENGTH && RELEASE_PATTERN.test(input);
}


/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 67:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
var __webpack_exports__ = {};
// This entry need to be wrapped in an IIFE because it uses a non-standard name for the exports (exports).
(() => {
var exports = __webpack_exports__;

Object.defineProperty(exports, "B", ({ value: true }));
/**
 * The post step's entry (`dist/post.js`): wiring only, see run-post.ts. `runPost()` settles every
 * failure itself; should it ever reject, Node's unhandled-rejection exit (code 1) still fails the step.
 */
const run_post_js_1 = __nccwpck_require__(299);
void (0, run_post_js_1.runPost)();

})();

var __webpack_exports___esModule = __webpack_exports__.B;
export { __webpack_exports___esModule as __esModule };
