/**
 * A local fake of GitHub's REST API for tests, honest to GitHub's published OpenAPI description: every
 * request is matched to a documented operation and validated against its schema, and every answer is
 * validated against the documented response. Whatever real GitHub would reject (or silently ignore) lands in
 * {@link GitHubStub.problems}; a test ends by asserting that list is empty.
 *
 * @example
 * ```ts
 * const github = await startGitHubStub({ state: { repos: { 'acme/web': { id: 1, installationId: 7, commits: [sha] } } } });
 * process.env.GHE_HOST = github.host; process.env.GHE_PROTOCOL = 'http';
 * // ... exercise the app ...
 * expect(github.problems).toEqual([]);
 * await github.close();
 * ```
 *
 * @packageDocumentation
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher, type StubCall } from './dispatch.js';
import { FailureRegistry } from './failures.js';
import type { StubHandler } from './handler-types.js';
import { defaultHandlers } from './handlers/index.js';
import { loadGitHubSpec } from './spec.js';
import { createState, type GitHubState } from './state.js';

export type { StubCall } from './dispatch.js';
export type { StubContext, StubHandler, StubRequest, StubResponse } from './handler-types.js';
export type {
  AccessTokenRecord,
  AppState,
  CheckRunRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  DispatchRecord,
  GitHubState,
  IssueCommentRecord,
  ProtectionRuleReviewRecord,
  PullRequestState,
  ReactionRecord,
  RepoState,
} from './state.js';

/** A running stub. */
export interface GitHubStub {
  /** Base URL, e.g. `http://127.0.0.1:PORT`. Requests may use the `/api/v3` prefix (GHES, Probot's `GHE_HOST`) or not. */
  url: string;
  /** `127.0.0.1:PORT`, for Probot's `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  host: string;
  /** Every request seen, in order. */
  calls: StubCall[];
  /** Every fidelity problem: unknown routes, invalid or misspelt request fields, responses off-schema, bad auth. */
  problems: string[];
  /** The mutable model the default handlers read and write. */
  state: GitHubState;
  /** Overrides (or adds) the handler for an operation; its answers are validated like the defaults'. */
  on(operationId: string, handler: StubHandler): void;
  /**
   * Makes the next `times` calls of an operation (default: all until {@link GitHubStub.clearFailures}) answer
   * `status` with GitHub's error body `{message, documentation_url, status}`. Octokit's retry plugin retries
   * 5xx (and Probot's throttling plugin 429), so ask for those only on purpose, with a small `times`.
   */
  fail(operationId: string, status: number, times?: number): void;
  /** Cancels every pending {@link GitHubStub.fail}. */
  clearFailures(): void;
  /** Stops the server, closing open connections. */
  close(): Promise<void>;
}

/** Options for {@link startGitHubStub}. */
export interface GitHubStubOptions {
  /**
   * Initial state; missing collections start empty. The repos and collections given are used (and mutated)
   * as they are; {@link GitHubStub.state} is the live model.
   */
  state?: Partial<GitHubState>;
}

/** Starts a stub on `127.0.0.1` with a free port. */
export async function startGitHubStub(options: GitHubStubOptions = {}): Promise<GitHubStub> {
  const spec = loadGitHubSpec();
  const state = createState(options.state);
  const handlers = new Map<string, StubHandler>(Object.entries(defaultHandlers));
  const failures = new FailureRegistry();
  const calls: StubCall[] = [];
  const problems: string[] = [];
  const requireOperation = (operationId: string): void => {
    if (!spec.operation(operationId))
      throw new Error(`"${operationId}" is not an operationId in GitHub's REST API`);
  };

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `http://${host}`;
  const dispatch = createDispatcher({ spec, state, origin: url, handlers, failures, calls, problems });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void readBody(request)
      .then((body) =>
        dispatch({
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          headers: request.headers,
          body,
        }),
      )
      .then((answer) => response.writeHead(answer.status, answer.headers).end(answer.body))
      .catch((error: unknown) => {
        problems.push(`stub failure: ${error instanceof Error ? error.message : String(error)}`);
        response.writeHead(400).end();
      });
  });

  return {
    url,
    host,
    calls,
    problems,
    state,
    on(operationId, handler) {
      requireOperation(operationId);
      handlers.set(operationId, handler);
    },
    fail(operationId, status, times) {
      requireOperation(operationId);
      failures.add(operationId, status, times);
    },
    clearFailures: () => failures.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
