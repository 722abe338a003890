/**
 * Deploy freezes from `.github/shiplog.yml`: while one is on, no new deployment starts, whoever asks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { activeFreeze } from '../../../app/freezes/freeze-rules.js';
import { ADMIN_TOKEN, cutCandidates } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { protectionRuleRequested } from '../../support/pull-request-events.js';
import { HEADS, REPO, startConversation, type Conversation } from './harness.js';

// Unquoted timestamps on purpose: whether a YAML loader keeps them as text or reads dates, Shiplog takes them.
const CONFIG = `projects:
  web:
    environments:
      staging:
        tier: staging
        freezes:
          - from: 2026-12-20T00:00:00Z
            to: 2027-01-04T00:00:00Z
            reason: holidays
      production:
        tier: production
`;

let talk: Conversation;
let clock = Date.parse('2026-12-24T12:00:00Z');

beforeAll(async () => {
  talk = await startConversation({ config: CONFIG, now: () => new Date(clock) });
  await cutCandidates(talk.app, 'web', ADMIN_TOKEN, [['1.0.0-rc1', HEADS[12]]]);
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

describe('activeFreeze', () => {
  const windows = [
    { from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z', reason: 'holidays' },
    { from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z', reason: null },
  ];
  it('finds the window on at a moment, the one ending last when they overlap, `to` exclusive', () => {
    expect(activeFreeze(windows, new Date('2026-12-25T00:00:00Z'))?.reason).toBe('holidays');
    expect(activeFreeze(windows, new Date('2026-12-19T23:59:59Z'))).toBeUndefined();
    expect(activeFreeze(windows, new Date('2027-01-04T00:00:00Z'))).toBeUndefined();
    expect(activeFreeze(undefined, new Date())).toBeUndefined();
  });
});

describe('a deploy freeze', () => {
  it('refuses a status report that would create a deployment, with the same 409', async () => {
    const response = await talk.app.request('/api/releases/web/environments/staging/deployments', {
      method: 'PATCH',
      json: { release_candidate_version: '1.0.0-rc1', status: 'in_progress' },
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toBe(
      "Environment 'staging' of project 'web' is frozen until 2027-01-04T00:00:00Z (holidays): no new deployment starts during a deploy freeze (see .github/shiplog.yml)",
    );
    const listed = await talk.app.request('/api/releases/web/environments/staging/deployments');
    expect(await listed.json()).toEqual([]);
  });

  it('refuses deployments through the API with a 409 that says until when and why', async () => {
    const response = await talk.app.request('/api/releases/web/environments/staging/deployments', {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toBe(
      "Environment 'staging' of project 'web' is frozen until 2027-01-04T00:00:00Z (holidays): no new deployment starts during a deploy freeze (see .github/shiplog.yml)",
    );
    const elsewhere = await talk.app.request('/api/releases/web/environments/production/deployments', {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
    });
    expect(elsewhere.status).toBe(201);
  });

  it('refuses /deploy from a pull request', async () => {
    const id = await talk.comment(12, 'alice', '/deploy to staging');
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toContain(
      '🧊 **staging** is frozen until 2027-01-04T00:00:00Z (holidays): no new deployment starts during a deploy freeze (see `.github/shiplog.yml`). Nothing was deployed.',
    );
  });

  it('rejects Actions jobs through the protection rule', async () => {
    const payload = protectionRuleRequested(REPO, {
      environment: 'staging',
      runId: 5150,
      deploymentId: 75_150,
      sha: HEADS[12],
      creator: 'alice',
      pullRequests: [12],
    });
    expect((await deliver(talk.app, 'deployment_protection_rule', payload)).status).toBe(200);
    const review = talk.github.state.protectionRuleReviews.find((r) => r.runId === 5150);
    expect(review).toMatchObject({
      state: 'rejected',
      comment: 'staging is frozen until 2027-01-04T00:00:00Z (holidays) in Shiplog.',
    });
  });

  it('lets deployments start again once it is over', async () => {
    clock = Date.parse('2027-01-04T00:00:00Z');
    const response = await talk.app.request('/api/releases/web/environments/staging/deployments', {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
    });
    expect(response.status).toBe(201);
  });
});
