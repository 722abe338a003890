/**
 * Types shared by the stub server and its request handlers.
 *
 * @packageDocumentation
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Credential } from './auth.js';
import type { JsonObject } from './json.js';
import type { GitHubSpec, Operation } from './spec.js';
import type { GitHubState } from './state.js';

/** A request, matched to its operation, authenticated and with its body validated against the spec. */
export interface StubRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string. */
  path: string;
  operationId: string;
  /** URL-decoded path parameters. */
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  credential: Credential;
}

/** What a handler answers. JSON `body` is validated against the spec; `raw` bodies are sent as they are. */
export interface StubResponse {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** A non-JSON body (e.g. raw file content); set `content-type` in `headers`. */
  raw?: string;
  headers?: Record<string, string>;
}

/** Helpers and state a handler works with. */
export interface StubContext {
  state: GitHubState;
  spec: GitHubSpec;
  operation: Operation;
  /** Base of API URLs in responses, e.g. `http://127.0.0.1:PORT/api/v3`. */
  apiUrl: string;
  /** Base of web (`html_url`) URLs, e.g. `http://127.0.0.1:PORT`. */
  webUrl: string;
  /** A fresh id, unique within this stub. */
  nextId(): number;
  /** A GitHub-shaped error: `{message, documentation_url, status}` (plus `errors` for 422s). */
  error(status: number, message: string, errors?: JsonObject[]): StubResponse;
  /** The spec's example for this operation and status, with `https://api.github.com` and `https://github.com` URLs moved to the stub. */
  example(status: number): JsonObject;
}

/** Answers one operation. */
export type StubHandler = (
  request: StubRequest,
  context: StubContext,
) => StubResponse | Promise<StubResponse>;
