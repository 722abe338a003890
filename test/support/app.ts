/**
 * Starts the real App in-process (the same `createShiplog` production uses) on a real port with a
 * fresh data file, optionally configured as a GitHub App against the GitHub stub.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ProbotOctokit } from 'probot';
import { readConfig } from '../../app/config.js';
import { createLogger } from '../../app/logger.js';
import { createShiplog, type Shiplog } from '../../app/shiplog.js';
import { generateTestPrivateKey } from './github/app-credentials.js';
import type { GitHubStub } from './github/stub.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const WEBHOOK_SECRET = 'test-webhook-secret';

export interface TestApp {
  readonly url: string;
  readonly shiplog: Shiplog;
  readonly dataPath: string;
  /** Every log line the App wrote, raw. */
  readonly logs: string[];
  /** fetch against the App with a bearer token (the admin token unless `token` is given). */
  request(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly github?: GitHubStub;
  readonly env?: Record<string, string>;
  readonly dataPath?: string;
  /** The App's clock. */
  readonly now?: () => Date;
}

/** Octokit with retries and throttling off, so a failing stub answers at once. */
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  // A function, not an object: Probot's own throttle options arrive as instance options and would win.
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataPath = options.dataPath ?? join(mkdtempSync(join(tmpdir(), 'shiplog-test-')), 'shiplog.json');
  const github = options.github
    ? {
        APP_ID: '4242',
        PRIVATE_KEY: generateTestPrivateKey(),
        WEBHOOK_SECRET,
        GHE_HOST: options.github.host,
        GHE_PROTOCOL: 'http',
      }
    : {};
  const config = readConfig({
    SHIPLOG_DATA: dataPath,
    SHIPLOG_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'info',
    ...github,
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const shiplog = await createShiplog({
    config,
    logger: createLogger('info', sink),
    Octokit: TestOctokit,
    // Mirror retries come fast in tests; the stuck-deployment check is run by hand (`shiplog.stuck.sweep()`).
    timing: { mirror: { retryBaseMs: 50, maxRetryMs: 200 }, sweepIntervalMs: 3_600_000 },
    ...(options.now ? { now: options.now } : {}),
  });
  const address = await shiplog.server.listen({ port: 0, host: '127.0.0.1' });

  return {
    url: address,
    shiplog,
    dataPath,
    logs,
    request(path, init = {}) {
      const { token = ADMIN_TOKEN, json, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (token !== null) merged.set('authorization', `Bearer ${token}`);
      if (json !== undefined) merged.set('content-type', 'application/json');
      return fetch(`${address}${path}`, {
        ...rest,
        headers: merged,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    close: () => shiplog.close(),
  };
}

/** Creates a project through the management API and returns a fresh project token for it. */
export async function createProject(
  app: TestApp,
  project: { name: string; repo: string; environments?: { name: string; tier: string }[] },
): Promise<string> {
  const created = await app.request('/api/projects', { method: 'POST', json: project });
  if (created.status !== 201)
    throw new Error(`project creation failed: ${created.status} ${await created.text()}`);
  const token = await app.request(`/api/projects/${project.name}/tokens`, {
    method: 'POST',
    json: { name: 'ci' },
  });
  const body = (await token.json()) as { token: string };
  return body.token;
}

/** Cuts release candidates through the API, each `[version, commit]`; throws unless each answers 201. */
export async function cutCandidates(
  app: TestApp,
  project: string,
  token: string,
  candidates: readonly (readonly [version: string, commit: string])[],
): Promise<void> {
  for (const [version, commit] of candidates) {
    const response = await app.request(`/api/releases/${project}/releases/${version}`, {
      method: 'POST',
      json: { commit },
      token,
    });
    if (response.status !== 201) {
      throw new Error(`cutting ${version} failed: ${response.status} ${await response.text()}`);
    }
  }
}
