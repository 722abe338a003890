/**
 * `/deploy` from a pull request, end to end: signed `issue_comment` webhooks into the real App, GitHub
 * played by the spec-validating stub.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, cutCandidates } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { issueComment, issueOnlyComment } from '../../support/pull-request-events.js';
import { deploymentsOf, HEADS, REPO, startConversation, type Conversation } from './harness.js';

let talk: Conversation;

beforeAll(async () => {
  talk = await startConversation();
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

describe('/deploy from a pull request', () => {
  it('deploys the head commit: 👀 then 🚀, one reply with the links, mirrored and dispatched like any deployment', async () => {
    const id = await talk.comment(12, 'alice', 'Looks good.\n/deploy to staging');
    await talk.mirrored();

    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    const reply = talk.replyTo(id);
    expect(reply).toMatch(
      /^> \/deploy to staging\n\n🚀 Deploying `[0-9a-f]{7}` \(the head of #12\) to \*\*staging\*\*/,
    );
    expect(reply).toContain('Shiplog: `GET /api/releases/web/deployments/');
    expect(reply).toMatch(
      /GitHub: \[staging deployments\]\(https:\/\/github\.com\/acme\/web\/deployments\/staging\)/,
    );
    expect(reply).toMatch(/Workflow run: http:\/\/127\.0\.0\.1:\d+\/acme\/web\/actions\/runs\/\d+/);
    expect(talk.github.state.issueComments.filter((c) => c.issueNumber === 12)).toHaveLength(1);

    const [deployment] = await deploymentsOf(talk.app, 'staging');
    expect(deployment).toMatchObject({
      commit: HEADS[12],
      status: 'pending',
      release_candidate_version: null,
    });
    expect(deployment?.github.state).toBe('synced');
    const onGitHub = talk.github.state.deployments.at(-1);
    expect(onGitHub).toMatchObject({ sha: HEADS[12], environment: 'staging' });
    expect(talk.github.state.dispatches.at(-1)?.inputs).toMatchObject({
      commit: HEADS[12],
      version: '',
      environment: 'staging',
      deployment_id: String(deployment?.id),
    });
  });

  it('deploys a release candidate, and accepts the branch-deploy spelling `.deploy`', async () => {
    await cutCandidates(talk.app, 'web', ADMIN_TOKEN, [['1.0.0-rc1', HEADS[12]]]);
    const id = await talk.comment(14, 'dave', '.deploy 1.0.0-rc1 to staging');
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    expect(talk.replyTo(id)).toContain('🚀 Deploying `1.0.0-rc1`');
    expect((await deploymentsOf(talk.app, 'staging'))[0]).toMatchObject({
      release_candidate_version: '1.0.0-rc1',
    });
  });

  it('refuses someone without write access, saying what they lack', async () => {
    const before = (await deploymentsOf(talk.app, 'staging')).length;
    const id = await talk.comment(12, 'bob', '/deploy to staging');
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toContain('@bob needs write access to this repository to deploy (has read)');
    expect(await deploymentsOf(talk.app, 'staging')).toHaveLength(before);
  });

  it("refuses a fork's pull request by default", async () => {
    const id = await talk.comment(13, 'eve', '/deploy to staging');
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toContain('Commands are not accepted on pull requests from forks');
    for (const changing of ['/rollback staging', '/approve', '/reject', '/lock staging', '/unlock staging']) {
      const refused = await talk.comment(13, 'eve', changing);
      expect(talk.replyTo(refused)).toContain('Commands are not accepted on pull requests from forks');
    }
    // Commands that only read still answer there.
    for (const reading of ['/status', '/help']) {
      const answered = await talk.comment(13, 'eve', reading);
      expect(talk.replyTo(answered)).not.toContain('Commands are not accepted on pull requests from forks');
      expect(talk.reactions(answered)).not.toContain('-1');
    }
  });

  it('refuses when the head moved after the comment was written', async () => {
    const writtenAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await talk.pullRequestEvent(15, 'synchronize', {
      updatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const id = await talk.comment(15, 'dave', '/deploy to staging', { createdAt: writtenAt });
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toContain('The head of this pull request moved after your comment');

    // Written after the push: deployed.
    const again = await talk.comment(15, 'dave', '/deploy to staging');
    expect(talk.reactions(again)).toEqual(['eyes', 'rocket']);

    // A push whose webhook has not arrived yet: its time is unknown, so the comment may predate it.
    talk.github.state.repos[REPO]!.pulls![15]!.headSha = HEADS[14];
    const racing = await talk.comment(15, 'dave', '/deploy to staging');
    expect(talk.replyTo(racing)).toContain(`moved after your comment (to \`${HEADS[14].slice(0, 7)}\``);
    // Written once Shiplog had seen that head (a few seconds later): deployed.
    const later = new Date(Date.now() + 2_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const after = await talk.comment(15, 'dave', '/deploy to staging', { createdAt: later });
    expect(talk.reactions(after)).toEqual(['eyes', 'rocket']);
    expect((await deploymentsOf(talk.app, 'staging'))[0]?.commit).toBe(HEADS[14]);
  });

  it('refuses while another pull request holds the lock', async () => {
    const lock = await talk.comment(14, 'dave', '/lock staging --reason load test');
    expect(talk.reactions(lock)).toEqual(['eyes', 'rocket']);
    const id = await talk.comment(12, 'alice', '/deploy to staging');
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toContain('🔒 **staging** is locked by #14 (locked by @dave): load test');
    // The holder deploys.
    const own = await talk.comment(14, 'dave', '/deploy to staging');
    expect(talk.reactions(own)).toEqual(['eyes', 'rocket']);
    await talk.comment(14, 'dave', '/unlock staging');
  });

  it('says so when the deploy workflow cannot be dispatched', async () => {
    talk.github.fail('actions/create-workflow-dispatch', 422, 1);
    const id = await talk.comment(12, 'alice', '/deploy to staging');
    expect(talk.reactions(id)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(id)).toMatch(
      /❌ Deployment \d+ of `[0-9a-f]{7}` \(the head of #12\) to \*\*staging\*\* failed to start: could not dispatch deploy\.yml/,
    );
    expect((await deploymentsOf(talk.app, 'staging'))[0]?.status).toBe('failure');
  });

  it('answers an unknown command or environment with what is expected', async () => {
    const unknown = await talk.comment(12, 'alice', '/shipit now');
    expect(talk.reactions(unknown)).toEqual(['eyes', '-1']);
    expect(talk.replyTo(unknown)).toContain('unknown command /shipit');
    expect(talk.replyTo(unknown)).toContain('/deploy [project] [to] <environment>');

    const env = await talk.comment(12, 'alice', '/deploy to qa');
    expect(talk.replyTo(env)).toContain(
      "Project 'web' has no environment 'qa'. Its environments: `staging`, `production`.",
    );
  });

  it('runs a comment once: a redelivery, a second delivery of the same comment, an edit', async () => {
    const before = (await deploymentsOf(talk.app, 'staging')).length;
    const replies = talk.github.state.issueComments.length;
    const payload = issueComment(REPO, 12, { body: '/deploy to staging', author: 'alice' });
    const id = (payload.comment as { id: number }).id;
    const delivery = 'redelivered-once-0001';
    expect((await deliver(talk.app, 'issue_comment', payload, delivery)).status).toBe(200);
    expect((await deliver(talk.app, 'issue_comment', payload, delivery)).status).toBe(200);
    expect((await deliver(talk.app, 'issue_comment', payload)).status).toBe(200);
    const edited = issueComment(REPO, 12, {
      body: '/deploy to staging',
      author: 'alice',
      id,
      action: 'edited',
    });
    expect((await deliver(talk.app, 'issue_comment', edited)).status).toBe(200);

    expect(await deploymentsOf(talk.app, 'staging')).toHaveLength(before + 1);
    expect(talk.reactions(id)).toEqual(['eyes', 'rocket']);
    expect(talk.github.state.issueComments).toHaveLength(replies + 1);
  });

  it('ignores ordinary comments, bots and issues that are not pull requests', async () => {
    const comments = talk.github.state.issueComments.length;
    await talk.comment(12, 'alice', 'Can someone /deploy this? Also see ./docs');
    await talk.comment(12, 'shiplog', '> /deploy to staging\n\n/deploy to staging', { bot: true });
    const issue = issueOnlyComment(REPO, 99, { body: '/deploy to staging', author: 'alice' });
    expect((await deliver(talk.app, 'issue_comment', issue)).status).toBe(200);
    expect(talk.github.state.issueComments).toHaveLength(comments);
  });
});
