/**
 * `/rollback` redeploys the environment's previous successful release candidate; `/status` and
 * `/help` answer anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, cutCandidates } from '../../support/app.js';
import { deploymentsOf, HEADS, startConversation, type Conversation } from './harness.js';

let talk: Conversation;

/** Cuts `version` at `commit` and reports a successful deployment of it to staging. */
async function shipped(version: string, commit: string) {
  await cutCandidates(talk.app, 'web', ADMIN_TOKEN, [[version, commit]]);
  const path = '/api/releases/web/environments/staging/deployments';
  const created = await talk.app.request(path, {
    method: 'POST',
    json: { release_candidate_version: version },
  });
  expect(created.status).toBe(201);
  const done = await talk.app.request(path, {
    method: 'PATCH',
    json: { release_candidate_version: version, status: 'success' },
  });
  expect(done.status).toBe(200);
}

beforeAll(async () => {
  talk = await startConversation();
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

describe('/rollback', () => {
  it('says when there is nothing to roll back to', async () => {
    const id = await talk.comment(12, 'alice', '/rollback staging');
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toContain(
      '**staging** has no earlier successful release candidate to roll back to.',
    );
  });

  it('redeploys the previous successful candidate, and records why', async () => {
    await shipped('1.0.0-rc1', HEADS[12]);
    await shipped('1.1.0-rc1', HEADS[14]);
    const id = await talk.comment(14, 'dave', '/rollback staging');
    await talk.mirrored();
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(id)).toContain('🚀 Deploying `1.0.0-rc1` (`');
    expect(talk.replyTo(id)).toContain('rolling back from `1.1.0-rc1`');

    const [deployment] = await deploymentsOf(talk.app, 'staging');
    expect(deployment).toMatchObject({
      release_candidate_version: '1.0.0-rc1',
      commit: HEADS[12],
      status: 'pending',
    });
    expect(deployment?.statuses[0]?.reason).toBe('Rollback from 1.1.0-rc1 asked by @dave on #14');
    expect(talk.github.state.dispatches.at(-1)?.inputs).toMatchObject({
      version: '1.0.0-rc1',
      commit: HEADS[12],
    });

    const trail = (await (await talk.app.request('/api/releases/web/audit')).json()) as { action: string }[];
    expect(trail[0]?.action).toBe('rollback_requested');
  });

  it('needs write access', async () => {
    const id = await talk.comment(12, 'bob', '/rollback staging');
    expect(talk.replyTo(id)).toContain('@bob needs write access to this repository to roll back (has read)');
  });
});

describe('/status and /help', () => {
  it('shows what runs where, newest deployments and locks', async () => {
    await talk.comment(12, 'alice', '/lock production --reason release day');
    const id = await talk.comment(15, 'bob', '/status');
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    const reply = talk.replyTo(id);
    expect(reply).toContain('| environment | running now | newest deployment | lock | queue |');
    expect(reply).toMatch(
      /\| \*\*staging\*\* \| `1\.1\.0-rc1`, deployment \d+ \| `1\.0\.0-rc1` \(#14\), deployment \d+ `pending` \| – \| – \|/,
    );
    expect(reply).toContain('| **production** | – | – | #12 (locked by @alice): release day | – |');

    const one = await talk.comment(15, 'bob', '/status production');
    expect(talk.replyTo(one)).not.toContain('**staging**');
  });

  it('lists every command, quoted so it never runs', async () => {
    const id = await talk.comment(13, 'eve', '/help');
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(id)).toContain('```\n/deploy [project] [to] <environment>');
  });
});
