/**
 * What a workflow's OIDC token (which any job of the repository can mint) reaches: the projects of its
 * own repository, deployments into them, but not the approvals, which stay with people.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, cutCandidates } from '../../support/app.js';
import { startOidcIssuer, type OidcIssuer } from '../../action/support/oidc-issuer.js';
import { deploymentsOf, HEADS, startConversation, type Conversation } from '../commands/harness.js';

let talk: Conversation;
let issuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer();
  talk = await startConversation({
    env: { SHIPLOG_OIDC_ISSUER: issuer.url, SHIPLOG_OIDC_AUDIENCE: 'shiplog' },
  });
  await cutCandidates(talk.app, 'web', ADMIN_TOKEN, [['1.0.0-rc1', HEADS[12]]]);
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
  await issuer.close();
});

describe('a workflow with an OIDC token', () => {
  it('deploys into production (blocked for approvals) but cannot approve or reject it', async () => {
    const token = await issuer.mint('shiplog');
    const created = await talk.app.request('/api/releases/web/environments/production/deployments', {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
      token,
    });
    expect(created.status).toBe(201);
    const { id, status } = (await created.json()) as { id: number; status: string };
    expect(status).toBe('blocked');

    for (const [action, body] of [
      ['approve', { user: 'carol' }],
      ['reject', { user: 'carol', reason: 'no' }],
    ] as const) {
      const decided = await talk.app.request(`/api/releases/web/deployments/${id}/${action}`, {
        method: 'POST',
        json: body,
        token,
      });
      expect(decided.status).toBe(403);
      expect(((await decided.json()) as { error: string }).error).toBe(
        `A workflow's OIDC token cannot approve or reject deployment ${id}: a decision is made for a person, so it needs a project API token (or the person's /approve in the pull request)`,
      );
    }
    const [deployment] = await deploymentsOf(talk.app, 'production');
    expect(deployment).toMatchObject({ id, status: 'blocked' });
  });
});

describe('projects a workflow sees', () => {
  it("are exactly those of its token's repository, however the repository is spelled", async () => {
    const created = await talk.app.request('/api/projects', {
      method: 'POST',
      json: { name: 'api', repo: 'ACME/Web', environments: [{ name: 'staging', tier: 'staging' }] },
    });
    expect(created.status).toBe(201);
    const listed = await talk.app.request('/api/projects', { token: await issuer.mint('shiplog') });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { name: string }[]).map((p) => p.name)).toEqual(['api', 'web']);
    const elsewhere = await talk.app.request('/api/projects', {
      token: await issuer.mint('shiplog', { claims: { repository: 'acme/other' } }),
    });
    expect(await elsewhere.json()).toEqual([]);
  });
});
