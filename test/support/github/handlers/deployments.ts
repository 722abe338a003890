/**
 * Default handlers for deployments and deployment statuses, kept in `state.deployments` and
 * `state.deploymentStatuses`.
 *
 * @packageDocumentation
 */
import { actorFor, legacyNodeId, performedVia, timestamp } from '../github-objects.js';
import type { StubContext, StubHandler, StubRequest, StubResponse } from '../handler-types.js';
import type { JsonObject, JsonValue } from '../json.js';
import { paginate } from '../pagination.js';
import { resolveRef, type DeploymentRecord } from '../state.js';
import { isResponse, repoApiUrl, requireRepo } from './common.js';

interface CreateDeploymentBody {
  ref: string;
  task?: string;
  payload?: JsonObject | string;
  environment?: string;
  description?: string | null;
  transient_environment?: boolean;
  production_environment?: boolean;
}

/** `POST /repos/{owner}/{repo}/deployments`: 201, or 422 `No ref found for: <ref>` when the ref resolves to no commit. */
export const createDeployment: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const body = request.body as CreateDeploymentBody;
  const sha = resolveRef(found.repo, body.ref);
  if (!sha) return context.error(422, `No ref found for: ${body.ref}`);
  const id = context.nextId();
  const environment = body.environment ?? 'production';
  const now = timestamp();
  const api = `${repoApiUrl(context, found)}/deployments/${id}`;
  const record: DeploymentRecord = {
    repo: found.fullName,
    id,
    sha,
    ref: body.ref,
    task: body.task ?? 'deploy',
    environment,
    transientEnvironment: body.transient_environment ?? false,
    productionEnvironment: body.production_environment ?? environment === 'production',
    request: body as unknown as JsonObject,
    response: {},
  };
  record.response = {
    ...context.example(201),
    url: api,
    id,
    node_id: legacyNodeId('Deployment', id),
    sha,
    ref: record.ref,
    task: record.task,
    payload: parsePayload(body.payload),
    original_environment: environment,
    environment,
    description: body.description ?? '',
    creator: actorFor(context, request.credential),
    created_at: now,
    updated_at: now,
    statuses_url: `${api}/statuses`,
    repository_url: repoApiUrl(context, found),
    transient_environment: record.transientEnvironment,
    production_environment: record.productionEnvironment,
    performed_via_github_app: performedVia(context, request.credential),
  };
  context.state.deployments.push(record);
  return { status: 201, body: record.response };
};

/** `GET /repos/{owner}/{repo}/deployments`, newest first, filtered by `sha`, `ref`, `task`, `environment`. */
export const listDeployments: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const { sha, ref, task, environment } = request.query;
  const matching = context.state.deployments.filter(
    (d) =>
      d.repo === found.fullName &&
      (sha === undefined || d.sha === sha) &&
      (ref === undefined || d.ref === ref) &&
      (task === undefined || d.task === task) &&
      (environment === undefined || d.environment === environment),
  );
  return paginate(
    newestFirst(matching).map((d) => d.response),
    request,
    context,
  );
};

/** `GET /repos/{owner}/{repo}/deployments/{deployment_id}`. */
export const getDeployment: StubHandler = (request, context) => {
  const deployment = requireDeployment(request, context);
  return isResponse(deployment) ? deployment : { status: 200, body: deployment.response };
};

interface CreateStatusBody {
  state: string;
  target_url?: string;
  log_url?: string;
  description?: string;
  environment?: string;
  environment_url?: string;
  auto_inactive?: boolean;
}

/**
 * `POST .../deployments/{deployment_id}/statuses`. Like GitHub, `environment` moves the deployment to that
 * environment, `log_url` doubles as `target_url`, and a `success` with `auto_inactive` (default true) adds an
 * `inactive` status to earlier successful non-transient, non-production deployments of the same environment.
 */
export const createDeploymentStatus: StubHandler = (request, context) => {
  const deployment = requireDeployment(request, context);
  if (isResponse(deployment)) return deployment;
  const body = request.body as CreateStatusBody;
  if (body.environment !== undefined) {
    deployment.environment = body.environment;
    deployment.response.environment = body.environment;
  }
  const status = addStatus(context, request, deployment, body);
  if (body.state === 'success' && body.auto_inactive !== false)
    deactivateEarlier(context, request, deployment);
  return { status: 201, body: status };
};

/** `GET .../deployments/{deployment_id}/statuses`, newest first. */
export const listDeploymentStatuses: StubHandler = (request, context) => {
  const deployment = requireDeployment(request, context);
  if (isResponse(deployment)) return deployment;
  const statuses = context.state.deploymentStatuses.filter(
    (s) => s.repo === deployment.repo && s.deploymentId === deployment.id,
  );
  return paginate(
    newestFirst(statuses).map((s) => s.response),
    request,
    context,
  );
};

function requireDeployment(request: StubRequest, context: StubContext): DeploymentRecord | StubResponse {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const id = Number(request.params.deployment_id);
  const deployment = context.state.deployments.find((d) => d.repo === found.fullName && d.id === id);
  return deployment ?? context.error(404, 'Not Found');
}

function addStatus(
  context: StubContext,
  request: StubRequest,
  deployment: DeploymentRecord,
  body: CreateStatusBody,
): JsonObject {
  const id = context.nextId();
  const now = timestamp();
  const deploymentUrl = String(deployment.response.url);
  const response: JsonObject = {
    ...context.example(201),
    url: `${deploymentUrl}/statuses/${id}`,
    id,
    node_id: legacyNodeId('DeploymentStatus', id),
    state: body.state,
    creator: actorFor(context, request.credential),
    description: body.description ?? '',
    environment: deployment.environment,
    target_url: body.target_url ?? body.log_url ?? '',
    created_at: now,
    updated_at: now,
    deployment_url: deploymentUrl,
    repository_url: String(deployment.response.repository_url),
    environment_url: body.environment_url ?? '',
    log_url: body.log_url ?? body.target_url ?? '',
    performed_via_github_app: deployment.response.performed_via_github_app ?? null,
  };
  context.state.deploymentStatuses.push({
    repo: deployment.repo,
    deploymentId: deployment.id,
    id,
    state: body.state,
    environment: deployment.environment,
    request: body as unknown as JsonObject,
    response,
  });
  return response;
}

function deactivateEarlier(context: StubContext, request: StubRequest, current: DeploymentRecord): void {
  const earlier = context.state.deployments.filter(
    (d) =>
      d.repo === current.repo &&
      d.id < current.id &&
      d.environment === current.environment &&
      !d.transientEnvironment &&
      !d.productionEnvironment &&
      latestState(context, d) === 'success',
  );
  for (const deployment of earlier) {
    addStatus(context, request, deployment, { state: 'inactive', description: '' });
  }
}

function latestState(context: StubContext, deployment: DeploymentRecord): string | undefined {
  return context.state.deploymentStatuses
    .filter((s) => s.repo === deployment.repo && s.deploymentId === deployment.id)
    .at(-1)?.state;
}

function newestFirst<T extends { id: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.id - a.id);
}

/** GitHub stores a JSON-string payload as the object it encodes. */
function parsePayload(payload: JsonObject | string | undefined): JsonValue {
  if (payload === undefined || payload === '') return {};
  if (typeof payload !== 'string') return payload;
  try {
    return JSON.parse(payload) as JsonValue;
  } catch {
    return payload;
  }
}
