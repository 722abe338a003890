/**
 * The stub's request pipeline, independent of the HTTP server: route, authenticate, validate the request,
 * answer (injected failure, override or default handler), validate the answer.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { checkAuthorization, tokenScopeProblem } from './auth.js';
import { githubMessage, type FailureRegistry } from './failures.js';
import { rebaseUrls } from './github-objects.js';
import type { StubContext, StubHandler, StubRequest, StubResponse } from './handler-types.js';
import type { JsonObject, JsonValue } from './json.js';
import { createRouter, stripApiPrefix, type RouteMatch } from './router.js';
import type { GitHubSpec, Operation } from './spec.js';
import type { GitHubState } from './state.js';
import { checkPathParams, checkQuery, checkRequestBody, checkResponse } from './validation.js';

/** One request the stub saw. */
export interface StubCall {
  method: string;
  /** Path without `/api/v3` and query string. */
  path: string;
  /** Undefined when the route is not in GitHub's API. */
  operationId: string | undefined;
  query: Record<string, string>;
  /** Parsed JSON body (the raw text when it was not JSON; undefined when empty). */
  body: unknown;
  /** Status the stub answered. */
  status: number;
}

/** A request as it arrived. */
export interface RawRequest {
  method: string;
  /** Path and query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to send back. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the pipeline reads and records into. */
export interface DispatchOptions {
  spec: GitHubSpec;
  state: GitHubState;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  handlers: ReadonlyMap<string, StubHandler>;
  failures: FailureRegistry;
  calls: StubCall[];
  problems: string[];
}

const UNKNOWN_ROUTE_BODY = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest',
  status: '404',
};

/** An answer and the fidelity problems found on the way to it. */
interface Outcome {
  response: StubResponse;
  problems: string[];
}

/** Builds the function that answers one request. */
export function createDispatcher(options: DispatchOptions): (request: RawRequest) => Promise<RawResponse> {
  const { spec, calls, problems } = options;
  const route = createRouter(spec.operations);
  let lastId = initialId(options.state);
  const nextId = () => (lastId += 1);

  return async (raw) => {
    const url = new URL(raw.url, options.origin);
    const { path, prefixed } = stripApiPrefix(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const call: StubCall = {
      method: raw.method,
      path,
      operationId: undefined,
      query,
      body: undefined,
      status: 0,
    };
    calls.push(call);
    const match = route(raw.method, path);
    if (!match) {
      problems.push(`${raw.method} ${path}: no such route in GitHub's REST API`);
      call.status = 404;
      return serialize({ status: 404, body: UNKNOWN_ROUTE_BODY });
    }

    const { operation } = match;
    call.operationId = operation.operationId;
    const apiUrl = `${options.origin}${prefixed ? '/api/v3' : ''}`;
    const context = createContext(options, operation, apiUrl, nextId);
    const outcome = await answer(raw, call, match, context, options);
    const invalid = checkResponse(spec, operation, outcome.response);
    const response =
      invalid.length === 0
        ? outcome.response
        : context.error(
            400,
            `GitHub stub: the response does not match GitHub's schema: ${invalid.join('; ')}`,
          );
    for (const problem of [...outcome.problems, ...invalid]) {
      problems.push(`${raw.method} ${path} [${operation.operationId}]: ${problem}`);
    }
    call.status = response.status;
    return serialize(response);
  };
}

/**
 * Runs the checks in the order GitHub would (authentication, then the request itself), then an injected
 * failure, then the handler.
 */
async function answer(
  raw: RawRequest,
  call: StubCall,
  { operation, params }: RouteMatch,
  context: StubContext,
  options: DispatchOptions,
): Promise<Outcome> {
  const reject = (status: number, problems: string[], message = githubMessage(status)): Outcome => ({
    response: context.error(status, message),
    problems,
  });
  const now = Math.floor(Date.now() / 1000);
  const auth = checkAuthorization(raw.headers.authorization, operation.template, options.state.app, now);
  if (!auth.ok) return reject(401, [auth.problem], auth.message);
  let body: unknown;
  try {
    body = raw.body === '' ? undefined : (JSON.parse(raw.body) as unknown);
    call.body = body;
  } catch {
    call.body = raw.body;
    return reject(400, ['request body is not JSON'], 'Problems parsing JSON');
  }
  const badPath = checkPathParams(operation, params);
  if (badPath.length > 0) return reject(404, badPath);
  const invalid = [...checkQuery(operation, call.query), ...checkRequestBody(options.spec, operation, body)];
  if (invalid.length > 0) return reject(422, invalid, `Invalid request.\n\n${invalid.join('\n')}`);
  const hidden = tokenScopeProblem(options.state, auth.credential, params);
  if (hidden) return reject(404, [hidden]);
  const injected = options.failures.take(operation.operationId);
  if (injected !== undefined) return reject(injected, []);

  const handler = options.handlers.get(operation.operationId);
  if (!handler)
    return reject(404, [`the stub has no handler for ${operation.operationId}: add one with stub.on()`]);
  const request: StubRequest = {
    method: raw.method,
    path: call.path,
    operationId: operation.operationId,
    params,
    query: call.query,
    headers: raw.headers,
    body,
    credential: auth.credential,
  };
  try {
    return { response: await handler(request, context), problems: [] };
  } catch (error) {
    return reject(400, [`the handler threw: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

function createContext(
  options: DispatchOptions,
  operation: Operation,
  apiUrl: string,
  nextId: () => number,
): StubContext {
  return {
    state: options.state,
    spec: options.spec,
    operation,
    apiUrl,
    webUrl: options.origin,
    nextId,
    error: (status, message, errors) => errorResponse(operation, status, message, errors),
    example: (status) => {
      const example = options.spec.example(operation.operationId, status) as JsonValue;
      return rebaseUrls(example, apiUrl, options.origin) as JsonObject;
    },
  };
}

/** GitHub's error body: `{message, documentation_url, status}`, plus `errors` when given. */
function errorResponse(
  operation: Operation,
  status: number,
  message: string,
  errors?: JsonObject[],
): StubResponse {
  const body: JsonObject = { message, documentation_url: operation.documentationUrl, status: String(status) };
  if (errors) body.errors = errors;
  return { status, body };
}

/** Headers GitHub sends with every REST response. */
function commonHeaders(): Record<string, string> {
  return {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().toUpperCase().slice(0, 23),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}

function serialize(response: StubResponse): RawResponse {
  const headers = { ...commonHeaders(), ...response.headers };
  if (response.raw !== undefined) return { status: response.status, headers, body: response.raw };
  if (response.body === undefined) return { status: response.status, headers, body: '' };
  return {
    status: response.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      ...headers,
    },
    body: JSON.stringify(response.body),
  };
}

/** First id to hand out: above every id already in the state. */
function initialId(state: GitHubState): number {
  const ids = [
    ...state.deployments,
    ...state.deploymentStatuses,
    ...state.checkRuns,
    ...state.issueComments,
    ...state.reactions,
  ].map((record) => record.id);
  return Math.max(1000, ...ids);
}
