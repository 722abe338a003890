/**
 * One `/approve` on a pull request that waits in two environments decides both and asks GitHub about the
 * approver once (write access, team membership), not once per environment; and when GitHub fails, it
 * records no decision anywhere, as its reply says.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { deploymentsOf, startConversation, type Conversation } from './harness.js';

const CONFIG = `projects:
  web:
    environments:
      staging:
        tier: staging
        approvals:
          - count: 1
            teams: ['@acme/sre']
      production:
        tier: production
        approvals:
          - count: 1
          - count: 1
            teams: ['@acme/sre']
`;

let talk: Conversation | undefined;

afterEach(async () => {
  expect(talk?.github.problems).toEqual([]);
  await talk?.close();
  talk = undefined;
});

/** A conversation in which #12 waits for approvals in staging, then in production. */
async function waitingInBoth(): Promise<Conversation> {
  talk = await startConversation({ config: CONFIG });
  for (const environment of ['staging', 'production']) {
    const deploy = await talk.comment(12, 'alice', `/deploy to ${environment}`);
    expect(talk.reactions(deploy)).toEqual(['eyes', 'rocket']);
  }
  return talk;
}

const askedAboutCarol = (conversation: Conversation, operationId: string) =>
  conversation.github.calls.filter(
    (call) => call.operationId === operationId && call.path.split('/').includes('carol'),
  ).length;

describe('/approve in two environments', () => {
  it('decides both and asks GitHub about the approver once', async () => {
    const talk = await waitingInBoth();
    const approval = await talk.comment(12, 'carol', '/approve');
    expect(talk.reactions(approval)).toEqual(['eyes', 'rocket']);
    const reply = talk.replyTo(approval);
    expect(reply).toContain('**staging**');
    expect(reply).toContain('**production**');
    expect(reply).toContain('still needs 1 from');
    expect(askedAboutCarol(talk, 'repos/get-collaborator-permission-level')).toBe(1);
    expect(askedAboutCarol(talk, 'teams/get-membership-for-user-in-org')).toBe(1);
  });

  it('records nothing when GitHub fails on any environment, as its reply says', async () => {
    const talk = await waitingInBoth();
    // Staging needs only the team; production also asks for write access, which fails.
    talk.github.fail('repos/get-collaborator-permission-level', 503);
    const approval = await talk.comment(12, 'carol', '/approve');
    talk.github.clearFailures();
    expect(talk.replyTo(approval)).toContain('nothing was done');
    for (const environment of ['staging', 'production']) {
      const [deployment] = await deploymentsOf(talk.app, environment);
      expect(deployment?.status).toBe('blocked');
      const view = (await (
        await talk.app.request(`/api/releases/web/deployments/${deployment!.id}/approvals`)
      ).json()) as { approvals: unknown[] };
      expect(view.approvals).toEqual([]);
    }
  });
});
