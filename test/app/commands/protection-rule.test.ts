/**
 * Shiplog as a GitHub custom deployment protection rule: `deployment_protection_rule` webhooks for
 * Actions jobs with `environment:` are answered from the same locks and approval rules.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deliver } from '../../support/deliver.js';
import { protectionRuleRequested } from '../../support/pull-request-events.js';
import { deploymentsOf, HEADS, REPO, startConversation, type Conversation } from './harness.js';

let talk: Conversation;
let runs = 900;

/** GitHub asks about a job of a new run; returns the run id. */
async function asked(environment: string, creator: string, pullRequests: number[]): Promise<number> {
  const runId = (runs += 1);
  const payload = protectionRuleRequested(REPO, {
    environment,
    runId,
    deploymentId: 70_000 + runId,
    sha: HEADS[12],
    creator,
    pullRequests,
  });
  const response = await deliver(talk.app, 'deployment_protection_rule', payload);
  expect(response.status).toBe(200);
  return runId;
}
const reviewsOf = (runId: number) =>
  talk.github.state.protectionRuleReviews
    .filter((r) => r.runId === runId)
    .map((r) => ({ environment: r.environment, state: r.state, comment: r.comment }));

beforeAll(async () => {
  talk = await startConversation();
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

describe('deployment_protection_rule', () => {
  it('approves at once where no rule or lock stands in the way', async () => {
    const run = await asked('staging', 'alice', [12]);
    expect(reviewsOf(run)).toEqual([
      { environment: 'staging', state: 'approved', comment: 'No approvals required by Shiplog.' },
    ]);
    const unknown = await asked('preview-42', 'alice', []);
    expect(reviewsOf(unknown)[0]).toMatchObject({ state: 'approved' });
  });

  it("rejects while another pull request holds the environment's lock, and lets the holder through", async () => {
    await talk.comment(14, 'dave', '/lock staging --reason smoke tests');
    const other = await asked('staging', 'alice', [12]);
    expect(reviewsOf(other)).toEqual([
      {
        environment: 'staging',
        state: 'rejected',
        comment: 'staging is locked in Shiplog by #14 (locked by @dave): smoke tests.',
      },
    ]);
    const holder = await asked('staging', 'dave', [14]);
    expect(reviewsOf(holder)[0]?.state).toBe('approved');
    await talk.comment(14, 'dave', '/unlock staging');
  });

  it('waits for the quorum collected on the pull request, then approves', async () => {
    const run = await asked('production', 'alice', [12]);
    expect(reviewsOf(run)).toEqual([
      {
        environment: 'production',
        state: undefined,
        comment: 'Waiting for approvals in Shiplog: 2 from @acme/sre; 1 from @acme/security.',
      },
    ]);
    const notice = talk.github.state.issueComments.filter((c) => c.issueNumber === 12).at(-1);
    expect(notice?.body).toContain('A GitHub Actions deployment of `');
    expect(notice?.body).toContain('to **production** waits for approvals');

    const own = await talk.comment(12, 'alice', '/approve');
    expect(talk.reactions(own)).toEqual(['eyes', '-1']);
    for (const approver of ['carol', 'dave']) await talk.comment(12, approver, '/approve');
    expect(reviewsOf(run)).toHaveLength(1);
    const last = await talk.comment(12, 'erin', '/approve');
    expect(talk.replyTo(last)).toContain('every approval is in');
    expect(reviewsOf(run).at(-1)).toEqual({
      environment: 'production',
      state: 'approved',
      comment: 'Approved in Shiplog by @carol, @dave, @erin.',
    });
  });

  it('rejects on /reject, and keeps it all in the audit trail', async () => {
    const run = await asked('production', 'dave', [15]);
    const id = await talk.comment(15, 'carol', '/reject not during the incident');
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    expect(reviewsOf(run).at(-1)).toEqual({
      environment: 'production',
      state: 'rejected',
      comment: 'Rejected in Shiplog by @carol: not during the incident.',
    });
    const trail = (await (await talk.app.request('/api/releases/web/audit?per_page=100')).json()) as {
      action: string;
      actor: string;
    }[];
    expect(
      trail
        .filter((e) => e.action.startsWith('protection_rule'))
        .map((e) => e.action)
        .reverse(),
    ).toEqual([
      'protection_rule_approved',
      'protection_rule_rejected',
      'protection_rule_approved',
      'protection_rule_waiting',
      'protection_rule_approved',
      'protection_rule_waiting',
      'protection_rule_rejected',
    ]);
  });

  it('tells GitHub again when the pull request is commented on again, after GitHub failed to take a decision', async () => {
    const run = await asked('production', 'dave', [15]);
    talk.github.fail('actions/review-custom-gates-for-run', 422, 1);
    const first = await talk.comment(15, 'carol', '/reject flaky canary');
    expect(talk.reactions(first)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(first)).toContain('GitHub was not told');
    expect(talk.replyTo(first)).toContain('Comment again to retry');
    expect(reviewsOf(run).at(-1)?.state).toBeUndefined();

    const again = await talk.comment(15, 'carol', '/reject');
    expect(talk.reactions(again)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(again)).not.toContain('GitHub was not told');
    expect(reviewsOf(run).at(-1)).toEqual({
      environment: 'production',
      state: 'rejected',
      comment: 'Rejected in Shiplog by @carol: flaky canary.',
    });
    // Told once: nothing is left to tell.
    const third = await talk.comment(15, 'carol', '/reject');
    expect(talk.reactions(third)).toEqual(['eyes', '-1']);
    expect(reviewsOf(run).filter((review) => review.state === 'rejected')).toHaveLength(1);
  });

  it('lets the person holding an API lock through with their own run', async () => {
    const lock = '/api/releases/web/environments/staging/lock';
    const taken = await talk.app.request(lock, { method: 'PUT', json: { user: 'alice' } });
    expect(taken.status).toBe(200);
    const own = await asked('staging', 'alice', []);
    expect(reviewsOf(own)[0]?.state).toBe('approved');
    const other = await asked('staging', 'dave', []);
    expect(reviewsOf(other)[0]).toMatchObject({
      state: 'rejected',
      comment: expect.stringContaining('@alice'),
    });
    expect((await talk.app.request(`${lock}?user=alice`, { method: 'DELETE' })).status).toBe(200);
  });

  it("lets the run Shiplog dispatched for a deployment through its pull request's lock", async () => {
    await talk.comment(14, 'dave', '/lock staging');
    const deploy = await talk.comment(14, 'dave', '/deploy to staging');
    expect(talk.reactions(deploy)).toEqual(['eyes', 'rocket']);
    const [deployment] = await deploymentsOf(talk.app, 'staging');
    const runId = deployment?.workflow_run_id;
    expect(runId).toEqual(expect.any(Number));

    // The deploy run is on the default branch: GitHub names no pull request for it.
    const payload = protectionRuleRequested(REPO, {
      environment: 'staging',
      runId: runId!,
      deploymentId: 80_000,
      sha: HEADS[14],
      creator: 'dave',
      pullRequests: [],
    });
    expect((await deliver(talk.app, 'deployment_protection_rule', payload)).status).toBe(200);
    expect(reviewsOf(runId!)).toEqual([
      {
        environment: 'staging',
        state: 'approved',
        comment: `Shiplog dispatched this run for its deployment ${deployment!.id}, which passed the environment's lock and approvals in Shiplog.`,
      },
    ]);
    // Any other run is still held by the lock.
    const other = await asked('staging', 'alice', []);
    expect(reviewsOf(other)[0]?.state).toBe('rejected');
    await talk.comment(14, 'dave', '/unlock staging');
  });
});
