/**
 * Locks that belong to a pull request: taken with `/lock`, queued for, passed on when the holder is
 * merged, overridden by an admin, expiring, and taken for a person through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startConversation, type Conversation } from './harness.js';

let talk: Conversation;
/** The App's clock: real time plus `skew`, so a test can let a lock expire. */
let skew = 0;

interface LockState {
  outcome?: string;
  lock: {
    owner: { pull_request: number | null; user: string | null };
    reason: string | null;
    expires_at: string | null;
  } | null;
  queue: { owner: { pull_request: number | null } }[];
}
const lockOf = async (environment: string) =>
  (await (await talk.app.request(`/api/releases/web/environments/${environment}/lock`)).json()) as LockState;
const commentsOn = (number: number) =>
  talk.github.state.issueComments.filter((c) => c.issueNumber === number);

beforeAll(async () => {
  talk = await startConversation({ now: () => new Date(Date.now() + skew) });
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

describe('/lock and /unlock', () => {
  it('locks for the pull request, queues the next one, and passes the lock on when the holder is merged', async () => {
    const lock = await talk.comment(12, 'alice', '/lock staging --reason "migrating the database"');
    expect(talk.reactions(lock)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(lock)).toContain(
      '🔒 **staging** is locked for this pull request: migrating the database.',
    );

    const queued = await talk.comment(14, 'dave', '/lock staging');
    expect(talk.replyTo(queued)).toContain(
      '⏳ **staging** is locked by #12 (locked by @alice): migrating the database. This pull request is number 1 in the queue',
    );
    const deploy = await talk.comment(14, 'dave', '/deploy to staging');
    expect(talk.reactions(deploy)).toEqual(['eyes', '-1']);

    const before = commentsOn(14).length;
    await talk.pullRequestEvent(12, 'closed', { merged: true });
    expect(await lockOf('staging')).toMatchObject({ lock: { owner: { pull_request: 14 } }, queue: [] });
    const notice = commentsOn(14).slice(before);
    expect(notice.map((c) => c.body)).toEqual([
      expect.stringContaining(
        'The lock on **web/staging** is now held by this pull request (#12 was merged).',
      ),
    ]);
    const now = await talk.comment(14, 'dave', '/deploy to staging');
    expect(talk.reactions(now)).toEqual(['eyes', 'rocket']);

    const unlock = await talk.comment(14, 'dave', '/unlock staging');
    expect(talk.replyTo(unlock)).toContain('🔓 **staging** is unlocked.');
    expect((await lockOf('staging')).lock).toBeNull();
  });

  it("lets only admins and maintainers release someone else's lock, as a recorded override", async () => {
    await talk.comment(14, 'dave', '/lock production');
    const refused = await talk.comment(15, 'carol', '/unlock production');
    expect(talk.reactions(refused)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(refused)).toContain(
      'Only its pull request, or someone with admin or maintain access',
    );

    const override = await talk.comment(15, 'mo', '/unlock production');
    expect(talk.reactions(override)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(override)).toContain("an override, recorded in Shiplog's audit trail");
    expect(commentsOn(14).at(-1)?.body).toContain(
      "@mo released this pull request's lock on **web/production**",
    );

    const trail = (await (await talk.app.request('/api/releases/web/audit')).json()) as {
      action: string;
      actor: string;
      reason: string;
    }[];
    expect(trail[0]).toMatchObject({
      action: 'lock_overridden',
      actor: 'mo',
      reason: 'released the lock of #14',
    });
  });

  it('expires a lock given --for, and refuses a malformed duration', async () => {
    const bad = await talk.comment(12, 'alice', '/lock staging --for soon');
    expect(talk.replyTo(bad)).toContain("'soon' is not a duration: write 30m, 2h, 1d or 1w");

    const lock = await talk.comment(15, 'dave', '/lock staging --for 30m');
    expect(talk.replyTo(lock)).toMatch(/locked for this pull request, until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect((await lockOf('staging')).lock?.expires_at).not.toBeNull();
    // #12 queues behind it; when the lock runs out, the periodic check hands it over and tells #12.
    await talk.comment(12, 'alice', '/lock staging');
    const before = commentsOn(12).length;
    skew = 31 * 60_000;
    expect(await talk.app.shiplog.locks.settleExpired()).toBe(1);
    expect(
      commentsOn(12)
        .slice(before)
        .map((c) => c.body)
        .join('\n'),
    ).toContain('now held by this pull request');
    expect((await lockOf('staging')).lock?.owner.pull_request).toBe(12);
    await talk.comment(12, 'alice', '/unlock staging');
    expect((await lockOf('staging')).lock).toBeNull();
    const deploy = await talk.comment(12, 'alice', '/deploy to staging');
    expect(talk.reactions(deploy)).toEqual(['eyes', 'rocket']);
    skew = 0;
  });
});

describe('locks through the API', () => {
  it('locks for a person, refuses others, and releases with the admin token as an override', async () => {
    const put = await talk.app.request('/api/releases/web/environments/production/lock', {
      method: 'PUT',
      json: { user: 'mo', reason: 'incident 42', expires_in_minutes: 120 },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      outcome: 'locked',
      lock: { owner: { user: 'mo' }, reason: 'incident 42' },
    });

    const deploy = await talk.comment(12, 'alice', '/deploy to production');
    expect(talk.replyTo(deploy)).toContain('🔒 **production** is locked by @mo: incident 42');

    const token = (await (
      await talk.app.request('/api/projects/web/tokens', { method: 'POST', json: { name: 'ops' } })
    ).json()) as { token: string };
    const refused = await talk.app.request('/api/releases/web/environments/production/lock?user=alice', {
      method: 'DELETE',
      token: token.token,
    });
    expect(refused.status).toBe(409);
    const released = await talk.app.request(
      '/api/releases/web/environments/production/lock?user=alice&reason=incident%20over',
      {
        method: 'DELETE',
      },
    );
    expect(await released.json()).toMatchObject({ outcome: 'overridden', lock: null });
  });
});
