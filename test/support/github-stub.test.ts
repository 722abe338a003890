/**
 * The GitHub stub is only useful if it is honest: what GitHub would reject (or silently ignore) must fail
 * here too, and its own answers must match GitHub's published schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sign } from 'node:crypto';
import { generateTestPrivateKey } from './github/app-credentials.js';
import { startGitHubStub, type GitHubStub } from './github/stub.js';
import { signedWebhookRequest } from './github/webhook.js';

const APP_ID = 4242;
const INSTALLATION_ID = 7;
const OLD_SHA = 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d';
const HEAD_SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const privateKey = generateTestPrivateKey();

let github: GitHubStub;
let installationToken: string;

/** An app JWT the way `@octokit/auth-app` makes one. */
function appJwt(issuer = APP_ID): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 30, exp: now + 570, iss: issuer })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

interface Call {
  auth?: string | null;
  body?: unknown;
  accept?: string;
}

/** Calls the stub through the GHES prefix Probot uses; `auth` defaults to the installation token. */
async function api(
  method: string,
  path: string,
  call: Call = {},
): Promise<{ status: number; data: unknown; type: string }> {
  const auth = call.auth === undefined ? `token ${installationToken}` : call.auth;
  const response = await fetch(`${github.url}/api/v3${path}`, {
    method,
    headers: {
      accept: call.accept ?? 'application/vnd.github+json',
      ...(auth ? { authorization: auth } : {}),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  return {
    status: response.status,
    data: type.startsWith('application/json') ? JSON.parse(text) : text,
    type,
  };
}

/** Returns the problems recorded since the last call, and forgets them. */
function takeProblems(): string[] {
  return github.problems.splice(0);
}

beforeAll(async () => {
  github = await startGitHubStub({
    state: {
      app: { id: APP_ID, slug: 'shiplog', privateKey },
      repos: {
        'Acme/Web': {
          id: 101,
          installationId: INSTALLATION_ID,
          commits: [OLD_SHA, HEAD_SHA],
          files: { '.github/shiplog.yml': 'environments:\n  - production\n' },
        },
        'acme/elsewhere': { id: 102, commits: [] },
      },
    },
  });
  const token = await api('POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, {
    auth: `Bearer ${appJwt()}`,
  });
  installationToken = (token.data as { token: string }).token;
});

afterAll(async () => {
  await github.close();
});

describe('app authentication', () => {
  it('finds a repo installation with the app JWT', async () => {
    const found = await api('GET', '/repos/acme/web/installation', { auth: `bearer ${appJwt()}` });
    expect(found.status).toBe(200);
    expect(found.data).toMatchObject({ id: INSTALLATION_ID, app_id: APP_ID, account: { login: 'Acme' } });

    const notInstalled = await api('GET', '/repos/acme/elsewhere/installation', {
      auth: `Bearer ${appJwt()}`,
    });
    expect(notInstalled.status).toBe(404);
    expect(takeProblems()).toEqual([]);
  });

  it('issues installation tokens that expire in an hour, and 404s unknown installations', async () => {
    const created = await api('POST', `/app/installations/${INSTALLATION_ID}/access_tokens`, {
      auth: `Bearer ${appJwt()}`,
      body: { repositories: ['web'], permissions: { deployments: 'write' } },
    });
    expect(created.status).toBe(201);
    const token = created.data as { token: string; expires_at: string; repository_selection: string };
    expect(token.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(token.expires_at) - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    expect(token.repository_selection).toBe('selected');
    expect(github.state.accessTokens.at(-1)).toMatchObject({
      installationId: INSTALLATION_ID,
      repositories: ['Web'],
    });

    const unknown = await api('POST', '/app/installations/999/access_tokens', { auth: `Bearer ${appJwt()}` });
    expect(unknown.status).toBe(404);
    expect(takeProblems()).toEqual([]);
  });

  it('rejects the wrong kind of credential, a missing one, and a JWT signed for another app', async () => {
    expect((await api('GET', '/repos/acme/web/installation')).status).toBe(401);
    expect((await api('GET', '/repos/acme/web', { auth: `Bearer ${appJwt()}` })).status).toBe(401);
    expect((await api('GET', '/repos/acme/web', { auth: null })).status).toBe(401);
    expect((await api('GET', '/app', { auth: `Bearer ${appJwt(1)}` })).status).toBe(401);
    const problems = takeProblems();
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('needs the app JWT');
    expect(problems[2]).toContain('no authorization header');
  });
});

describe('repos/get-commit', () => {
  it('resolves a full SHA, a unique prefix and the default branch', async () => {
    expect((await api('GET', `/repos/acme/web/commits/${HEAD_SHA}`)).data).toMatchObject({ sha: HEAD_SHA });
    const prefix = await api('GET', `/repos/acme/web/commits/${OLD_SHA.slice(0, 7)}`);
    expect(prefix.data).toMatchObject({ sha: OLD_SHA, parents: [] });
    const branch = await api('GET', '/repos/acme/web/commits/heads/main');
    expect(branch.data).toMatchObject({ sha: HEAD_SHA, parents: [{ sha: OLD_SHA }] });
    expect(takeProblems()).toEqual([]);
  });

  it('answers 422 for an unknown SHA and 404 for an unknown repo, like GitHub', async () => {
    const unknown = await api('GET', '/repos/acme/web/commits/deadbeef');
    expect(unknown.status).toBe(422);
    expect(unknown.data).toMatchObject({ message: 'No commit found for SHA: deadbeef' });
    expect((await api('GET', `/repos/acme/nowhere/commits/${HEAD_SHA}`)).status).toBe(404);
    expect(takeProblems()).toEqual([]);
  });
});

describe('request validation', () => {
  it('rejects a misspelt field that GitHub would silently ignore', async () => {
    const created = await api('POST', '/repos/acme/web/deployments', {
      body: { ref: 'main', environmnt: 'staging' },
    });
    expect(created.status).toBe(422);
    expect(takeProblems()).toEqual([expect.stringContaining('unknown property /environmnt')]);
    expect(github.state.deployments).toEqual([]);
  });

  it('rejects a body that fails the operation schema', async () => {
    const created = await api('POST', '/repos/acme/web/deployments', {
      body: { ref: 'main', auto_merge: 'yes' },
    });
    expect(created.status).toBe(422);
    expect(takeProblems()).toEqual([expect.stringContaining('body/auto_merge must be boolean')]);
  });

  it('reports a route that is not in GitHub’s API', async () => {
    expect((await api('GET', '/repos/acme/web/deploymentz')).status).toBe(404);
    expect(takeProblems()).toEqual([expect.stringContaining("no such route in GitHub's REST API")]);
  });

  it('reports a misspelt query parameter', async () => {
    expect((await api('GET', '/repos/acme/web/deployments?enviroment=production')).status).toBe(422);
    expect(takeProblems()).toEqual([expect.stringContaining('unknown query parameter "enviroment"')]);
  });
});

describe('routing', () => {
  it('prefers the template with more literal characters and lets refs contain slashes', async () => {
    await api('GET', `/repos/acme/web/commits/${HEAD_SHA}/status`);
    await api('GET', '/repos/acme/web/commits/heads/main');
    expect(github.calls.slice(-2).map((call) => call.operationId)).toEqual([
      'repos/get-combined-status-for-ref',
      'repos/get-commit',
    ]);
    // A real GitHub operation the stub does not implement is reported, not faked.
    expect(takeProblems()).toEqual([
      expect.stringContaining('no handler for repos/get-combined-status-for-ref'),
    ]);
  });
});

describe('response validation', () => {
  it('turns an override answer that violates the schema into a problem and a 400', async () => {
    github.on('repos/get-deployment-status', () => ({ status: 200, body: { id: 'not-a-number' } }));
    const answer = await api('GET', '/repos/acme/web/deployments/1/statuses/2');
    expect(answer.status).toBe(400);
    expect(takeProblems()).toEqual([
      expect.stringContaining('response 200: response must have required property'),
    ]);
  });

  it('answers every default operation within GitHub’s schemas', async () => {
    const jwt = { auth: `Bearer ${appJwt()}` };
    const statuses = [
      (await api('GET', '/app', jwt)).status,
      (await api('GET', '/repos/acme/web')).status,
      (await api('GET', '/repos/acme/web/contents')).status,
      (
        await api('POST', '/repos/acme/web/actions/workflows/deploy.yml/dispatches', {
          body: { ref: 'main' },
        })
      ).status,
      (await api('POST', '/repos/acme/web/issues/3/comments', { body: { body: 'Deployed' } })).status,
    ];
    const comment = github.state.issueComments.at(-1)?.id;
    statuses.push(
      (
        await api('POST', `/repos/acme/web/issues/comments/${comment}/reactions`, {
          body: { content: 'rocket' },
        })
      ).status,
    );
    const check = await api('POST', '/repos/acme/web/check-runs', {
      body: { name: 'deploy', head_sha: HEAD_SHA },
    });
    const checkId = (check.data as { id: number }).id;
    statuses.push(
      check.status,
      (await api('PATCH', `/repos/acme/web/check-runs/${checkId}`, { body: { conclusion: 'success' } }))
        .status,
    );
    expect(statuses).toEqual([200, 200, 200, 204, 201, 201, 201, 200]);
    expect(github.state.checkRuns.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(takeProblems()).toEqual([]);
  });
});

describe('deployments, contents, failures and webhooks', () => {
  it('records a deployment and its statuses, without the /api/v3 prefix too', async () => {
    const created = await api('POST', '/repos/acme/web/deployments', {
      body: { ref: 'main', environment: 'staging', payload: { version: '1.2.3' }, required_contexts: [] },
    });
    expect(created.status).toBe(201);
    const id = (created.data as { id: number }).id;
    const status = await api('POST', `/repos/acme/web/deployments/${id}/statuses`, {
      body: { state: 'success', log_url: 'https://ci.example.com/1' },
    });
    expect(status.status).toBe(201);
    expect(github.state.deployments[0]).toMatchObject({
      repo: 'Acme/Web',
      sha: HEAD_SHA,
      environment: 'staging',
    });
    expect(github.state.deploymentStatuses[0]).toMatchObject({ deploymentId: id, state: 'success' });

    const listed = await fetch(`${github.url}/repos/acme/web/deployments?environment=staging`, {
      headers: { authorization: `token ${installationToken}` },
    });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([expect.objectContaining({ id, payload: { version: '1.2.3' } })]);
    expect((await api('GET', `/repos/acme/web/deployments/${id}`)).status).toBe(200);
    const history = await api('GET', `/repos/acme/web/deployments/${id}/statuses`);
    expect(history.data).toEqual([
      expect.objectContaining({ state: 'success', target_url: 'https://ci.example.com/1' }),
    ]);
    expect(takeProblems()).toEqual([]);
  });

  it('serves files raw (as Probot’s config() asks) or as JSON, and 404s the .github fallback', async () => {
    const raw = await api('GET', '/repos/acme/web/contents/.github%2Fshiplog.yml', {
      accept: 'application/vnd.github.v3.raw',
    });
    expect(raw).toMatchObject({ status: 200, data: 'environments:\n  - production\n' });
    expect(raw.type).toBe('application/vnd.github.v3.raw; charset=utf-8');
    const json = await api('GET', '/repos/acme/web/contents/.github/shiplog.yml');
    expect(json.data).toMatchObject({ type: 'file', encoding: 'base64', path: '.github/shiplog.yml' });
    expect((await api('GET', '/repos/acme/.github/contents/.github%2Fshiplog.yml')).status).toBe(404);
    expect(takeProblems()).toEqual([]);
  });

  it('fails an operation the requested number of times', async () => {
    const before = github.state.checkRuns.length;
    github.fail('checks/create', 403, 1);
    const body = { name: 'shiplog', head_sha: HEAD_SHA, status: 'in_progress' };
    const first = await api('POST', '/repos/acme/web/check-runs', { body });
    expect(first).toMatchObject({ status: 403, data: { message: 'Resource not accessible by integration' } });
    expect((await api('POST', '/repos/acme/web/check-runs', { body })).status).toBe(201);
    expect(github.state.checkRuns).toHaveLength(before + 1);
    expect(takeProblems()).toEqual([]);
  });

  it('signs webhook deliveries over the exact body', async () => {
    const delivery = await signedWebhookRequest('secret', 'deployment_status', { action: 'created' });
    expect(delivery.body).toBe('{"action":"created"}');
    expect(delivery.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(delivery.headers['x-github-delivery']).not.toBe(
      (await signedWebhookRequest('secret', 'deployment_status', {})).headers['x-github-delivery'],
    );
  });
});
