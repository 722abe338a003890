/**
 * Quorum approvals from pull-request comments and the API: production needs two approvals from
 * @acme/sre and one from @acme/security, each approver counts once, and the deployer never counts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, cutCandidates } from '../../support/app.js';
import { deploymentsOf, HEADS, startConversation, type Conversation } from './harness.js';

let talk: Conversation;

interface Approvals {
  state: string;
  requested_by: string | null;
  rules: { teams: string[]; approved_by: string[]; missing: number }[];
  approvals: { user: string; decision: string; source: string }[];
}

const approvalsOf = async (id: number) =>
  (await (await talk.app.request(`/api/releases/web/deployments/${id}/approvals`)).json()) as Approvals;

beforeAll(async () => {
  talk = await startConversation();
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

describe('a deployment into an environment with approval rules', () => {
  let deploymentId: number;

  it('waits `blocked`, saying what it needs, and is shown on GitHub as queued', async () => {
    const id = await talk.comment(12, 'alice', '/deploy to production');
    await talk.mirrored();
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    const reply = talk.replyTo(id);
    expect(reply).toContain('waits for approvals: 2 from @acme/sre; 1 from @acme/security.');
    expect(reply).toContain("@alice's own approval does not count.");

    const [deployment] = await deploymentsOf(talk.app, 'production');
    deploymentId = deployment!.id;
    expect(deployment).toMatchObject({ status: 'blocked', commit: HEADS[12] });
    const onGitHub = talk.github.state.deploymentStatuses.filter(
      (s) => s.deploymentId === deployment!.github.deployment_id,
    );
    expect(onGitHub.map((s) => s.state)).toEqual(['queued']);
  });

  it('refuses a status report while blocked: only approvals move it on', async () => {
    const deployments = '/api/releases/web/environments/production/deployments';
    await cutCandidates(talk.app, 'web', ADMIN_TOKEN, [
      ['1.9.0-rc1', HEADS[14]],
      ['2.0.0-rc1', HEADS[14]],
    ]);
    const created = await talk.app.request(deployments, {
      method: 'POST',
      json: { release_candidate_version: '1.9.0-rc1' },
    });
    const blocked = (await created.json()) as { id: number; status: string };
    expect(blocked.status).toBe('blocked');
    const report = await talk.app.request(deployments, {
      method: 'PATCH',
      json: { release_candidate_version: '1.9.0-rc1', status: 'in_progress' },
    });
    expect(report.status).toBe(409);
    expect(((await report.json()) as { error: string }).error).toMatch(
      new RegExp(`^Deployment ${blocked.id} to 'production' is waiting for approvals`),
    );
    const [after] = await deploymentsOf(talk.app, 'production');
    expect(after).toMatchObject({ id: blocked.id, status: 'blocked' });
    // Canceling is the one report taken: it leaves nothing waiting for the tests below.
    const cancel = await talk.app.request(deployments, {
      method: 'PATCH',
      json: { release_candidate_version: '1.9.0-rc1', status: 'canceled' },
    });
    expect(cancel.status).toBe(200);

    // A report cannot create a deployment there either: it would skip the approvals.
    const create = await talk.app.request(deployments, {
      method: 'PATCH',
      json: { release_candidate_version: '2.0.0-rc1', status: 'in_progress' },
    });
    expect(create.status).toBe(409);
    expect(((await create.json()) as { error: string }).error).toMatch(/requires approvals/);
  });

  it("refuses the deployer's own approval and a non-approver's", async () => {
    const own = await talk.comment(12, 'alice', '/approve');
    expect(talk.reactions(own)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(own)).toContain('@alice asked for it, and the deployer never counts as an approver');

    const stranger = await talk.comment(12, 'eve', '/approve lgtm');
    expect(talk.reactions(stranger)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(stranger)).toContain(
      '@eve is not an approver (it needs 2 from @acme/sre; 1 from @acme/security)',
    );
    expect((await approvalsOf(deploymentId)).approvals).toEqual([]);
  });

  it('counts each approver for one rule, and starts the deployment when every rule is met', async () => {
    const first = await talk.comment(12, 'carol', '/approve');
    expect(talk.reactions(first)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(first)).toContain('still needs 1 from @acme/sre; 1 from @acme/security.');

    const second = await talk.comment(12, 'dave', '/approve ship it');
    // carol is in both teams but counts once: with dave, sre is met and security still waits.
    expect(talk.replyTo(second)).toContain('still needs 1 from @acme/security.');
    const again = await talk.comment(12, 'dave', '/approve');
    expect(talk.replyTo(again)).toContain('@dave approved it already');

    const third = await talk.comment(12, 'erin', '/approve');
    expect(talk.replyTo(third)).toContain('every approval is in, it starts now');
    await talk.mirrored();

    const view = await approvalsOf(deploymentId);
    expect(view.state).toBe('approved');
    expect(view.rules.map((r) => [r.approved_by.sort(), r.missing])).toEqual([
      [['carol', 'dave'], 0],
      [['erin'], 0],
    ]);
    const deployment = (await deploymentsOf(talk.app, 'production')).find((d) => d.id === deploymentId);
    expect(deployment?.statuses.map((s) => s.status)).toEqual(['blocked', 'pending']);
    expect(deployment?.statuses[1]?.reason).toBe('Approved in Shiplog by @carol, @dave, @erin.');
    expect(
      talk.github.state.deploymentStatuses
        .filter((s) => s.deploymentId === deployment!.github.deployment_id)
        .map((s) => s.state),
    ).toEqual(['queued', 'pending']);

    const late = await talk.comment(12, 'mo', '/approve');
    expect(talk.replyTo(late)).toContain('No deployment of #12 waits for approvals');
  });

  it('cancels on a rejection, with the reason', async () => {
    const deploy = await talk.comment(14, 'dave', '/deploy to production');
    expect(talk.reactions(deploy)).toEqual(['eyes', 'rocket']);
    const refused = await talk.comment(14, 'bob', '/reject no');
    expect(talk.replyTo(refused)).toContain('@bob may not reject');

    const id = await talk.comment(14, 'erin', '/reject the change freeze starts today');
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(id)).toContain('🛑 @erin rejected: the change freeze starts today.');
    const [deployment] = await deploymentsOf(talk.app, 'production');
    expect(deployment?.status).toBe('canceled');
    expect(deployment?.statuses.at(-1)?.reason).toBe(
      'Rejected in Shiplog by @erin: the change freeze starts today.',
    );
  });
});

/** Deploys 2.0.0-rc1 to production through the API: it waits `blocked` for approvals. */
async function deployBlocked(): Promise<number> {
  const created = await talk.app.request('/api/releases/web/environments/production/deployments', {
    method: 'POST',
    json: { release_candidate_version: '2.0.0-rc1' },
  });
  expect(created.status).toBe(201);
  const { id, status } = (await created.json()) as { id: number; status: string };
  expect(status).toBe('blocked');
  return id;
}

describe('approvals through the API', () => {
  it('blocks an API deployment and lets another tool approve it on behalf of GitHub users', async () => {
    const id = await deployBlocked();

    const approve = (user: string) =>
      talk.app.request(`/api/releases/web/deployments/${id}/approve`, { method: 'POST', json: { user } });
    const outsider = await approve('bob');
    expect(outsider.status).toBe(403);
    expect(((await outsider.json()) as { error: string }).error).toMatch(
      /@bob is not an approver for 'production'/,
    );
    for (const user of ['alice', 'dave']) expect((await approve(user)).status).toBe(200);
    const done = (await (await approve('@erin')).json()) as Approvals;
    expect(done.state).toBe('approved');
    expect(done.requested_by).toBeNull();
    expect(done.approvals.map((a) => [a.user, a.source])).toEqual([
      ['alice', 'api'],
      ['dave', 'api'],
      ['erin', 'api'],
    ]);
    const again = await talk.app.request(`/api/releases/web/deployments/${id}/reject`, {
      method: 'POST',
      json: { user: 'carol', reason: 'too late' },
    });
    expect(again.status).toBe(409);
  });

  it('lets a client cancel a blocked deployment, which leaves nothing to approve', async () => {
    const created = await talk.app.request('/api/releases/web/environments/production/deployments', {
      method: 'POST',
      json: { release_candidate_version: '2.0.0-rc1' },
    });
    const { id } = (await created.json()) as { id: number };
    const canceled = await talk.app.request('/api/releases/web/environments/production/deployments', {
      method: 'PATCH',
      json: { release_candidate_version: '2.0.0-rc1', status: 'canceled' },
    });
    expect(canceled.status).toBe(200);
    expect((await approvalsOf(id)).state).toBe('rejected');
  });

  it('records every decision in the audit trail', async () => {
    const response = await talk.app.request('/api/releases/web/audit?per_page=100');
    expect(response.status).toBe(200);
    const trail = (await response.json()) as {
      action: string;
      actor: string;
      reason: string | null;
      source: string;
    }[];
    const seen = trail.map((e) => `${e.action} ${e.actor} ${e.source}`).reverse();
    expect(seen).toEqual([
      'deploy_requested alice comment',
      'approved carol comment',
      'approved dave comment',
      'approved erin comment',
      'deploy_requested dave comment',
      'rejected erin comment',
      'approved alice api',
      'approved dave api',
      'approved erin api',
    ]);
    expect(trail.find((e) => e.action === 'rejected')?.reason).toBe('the change freeze starts today');
  });
});

describe('rejecting through the API', () => {
  it('cancels a deployment waiting for approvals, with the reason, and records who rejected it', async () => {
    const id = await deployBlocked();
    const reject = (user: string) =>
      talk.app.request(`/api/releases/web/deployments/${id}/reject`, {
        method: 'POST',
        json: { user, reason: 'change freeze' },
      });

    const outsider = await reject('bob');
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toEqual({
      error: "@bob is not an approver for 'production': it needs 2 from @acme/sre; 1 from @acme/security",
    });

    const response = await reject('erin');
    expect(response.status).toBe(200);
    const view = (await response.json()) as Approvals & { deployment_id: number; decided_at: string | null };
    expect(view).toMatchObject({ deployment_id: id, state: 'rejected', requested_by: null });
    expect(view.decided_at).not.toBeNull();
    expect(view.approvals).toEqual([
      expect.objectContaining({
        user: 'erin',
        decision: 'rejected',
        comment: 'change freeze',
        source: 'api',
      }),
    ]);

    const deployment = (await (await talk.app.request(`/api/releases/web/deployments/${id}`)).json()) as {
      status: string;
      statuses: { status: string; reason?: string }[];
    };
    expect(deployment.status).toBe('canceled');
    expect(deployment.statuses.map((s) => s.status)).toEqual(['blocked', 'canceled']);
    expect(deployment.statuses[1]?.reason).toBe('Rejected in Shiplog by @erin: change freeze.');

    const again = await reject('carol');
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: `Deployment ${id} is no longer waiting for approvals: it was rejected`,
    });
    const [newest] = (await (await talk.app.request('/api/releases/web/audit?per_page=1')).json()) as {
      action: string;
      actor: string;
      deployment_id: number;
      reason: string;
      source: string;
    }[];
    expect(newest).toMatchObject({
      action: 'rejected',
      actor: 'erin',
      deployment_id: id,
      reason: 'change freeze',
      source: 'api',
    });
  });
});
