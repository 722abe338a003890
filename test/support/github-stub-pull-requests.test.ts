/**
 * The stub's handlers for pull-request commands answer within GitHub's schemas: pull requests (forks
 * included), collaborators' permissions, team memberships and deployment protection rule reviews.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sign } from 'node:crypto';
import { generateTestPrivateKey } from './github/app-credentials.js';
import { startGitHubStub, type GitHubStub } from './github/stub.js';

const APP_ID = 4242;
const privateKey = generateTestPrivateKey();
const HEAD = 'b'.repeat(40);
let github: GitHubStub;
let token: string;

function appJwt(): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 30, exp: now + 570, iss: APP_ID })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> {
  const response = await fetch(`${github.url}/api/v3${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  github = await startGitHubStub({
    state: {
      app: { id: APP_ID, slug: 'shiplog', privateKey },
      teams: { 'acme/sre': ['Carol'] },
      repos: {
        'acme/web': {
          id: 5,
          installationId: 9,
          commits: ['a'.repeat(40)],
          collaborators: { alice: 'write', bob: 'read', mo: 'maintain' },
          pulls: { 12: { headSha: HEAD }, 13: { headSha: HEAD, headRepo: 'eve/web', state: 'closed' } },
        },
      },
    },
  });
  const issued = await fetch(`${github.url}/api/v3/app/installations/9/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${appJwt()}` },
  });
  token = ((await issued.json()) as { token: string }).token;
});
afterAll(async () => {
  expect(github.problems).toEqual([]);
  await github.close();
});

describe('GitHub stub: pull-request commands', () => {
  it('answers pull requests with their head, fork and state; 404 for an unknown number', async () => {
    const own = await api('GET', '/repos/acme/web/pulls/12');
    expect(own.status).toBe(200);
    expect(own.data).toMatchObject({
      number: 12,
      state: 'open',
      head: { sha: HEAD, repo: { full_name: 'acme/web' } },
    });
    const fork = await api('GET', '/repos/acme/web/pulls/13');
    expect(fork.data).toMatchObject({
      state: 'closed',
      head: { repo: { full_name: 'eve/web', fork: true } },
    });
    expect((await api('GET', '/repos/acme/web/pulls/99')).status).toBe(404);
  });

  it("answers a collaborator's role and base permission; 404 for a stranger", async () => {
    expect((await api('GET', '/repos/acme/web/collaborators/mo/permission')).data).toMatchObject({
      permission: 'write',
      role_name: 'maintain',
    });
    expect((await api('GET', '/repos/acme/web/collaborators/bob/permission')).data).toMatchObject({
      permission: 'read',
    });
    expect((await api('GET', '/repos/acme/web/collaborators/zed/permission')).status).toBe(404);
  });

  it('answers active team members, any case, and 404 without a body for others', async () => {
    expect((await api('GET', '/orgs/acme/teams/sre/memberships/carol')).data).toMatchObject({
      state: 'active',
    });
    expect(await api('GET', '/orgs/acme/teams/sre/memberships/zed')).toEqual({
      status: 404,
      data: undefined,
    });
  });

  it('keeps protection rule reviews, with or without a state, and refuses an unknown field', async () => {
    const path = '/repos/acme/web/actions/runs/77/deployment_protection_rule';
    expect((await api('POST', path, { environment_name: 'prod', comment: 'waiting' })).status).toBe(204);
    expect(
      (await api('POST', path, { environment_name: 'prod', state: 'approved', comment: 'ok' })).status,
    ).toBe(204);
    expect(github.state.protectionRuleReviews.map((r) => [r.runId, r.state])).toEqual([
      [77, undefined],
      [77, 'approved'],
    ]);
    expect(
      (await api('POST', path, { environment_name: 'prod', state: 'approved', reason: 'x' })).status,
    ).toBe(422);
    expect(github.problems.splice(0)).toHaveLength(1);
  });
});
