/**
 * One `/approve` on a pull request that waits in two environments decides both, and asks GitHub about
 * the approver once (write access, team membership), not once per environment.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startConversation, type Conversation } from './harness.js';

const CONFIG = `projects:
  web:
    environments:
      staging:
        tier: staging
        approvals:
          - count: 1
          - count: 1
            teams: ['@acme/sre']
      production:
        tier: production
        approvals:
          - count: 2
            teams: ['@acme/sre']
`;

let talk: Conversation;

beforeAll(async () => {
  talk = await startConversation({ config: CONFIG });
});
afterAll(async () => {
  expect(talk.github.problems).toEqual([]);
  await talk.close();
});

const asked = (operationId: string) =>
  talk.github.calls.filter(
    (call) => call.operationId === operationId && call.path.split('/').includes('carol'),
  ).length;

describe('/approve in two environments', () => {
  it('decides both and asks GitHub about the approver once', async () => {
    for (const environment of ['staging', 'production']) {
      const deploy = await talk.comment(12, 'alice', `/deploy to ${environment}`);
      expect(talk.reactions(deploy)).toEqual(['eyes', 'rocket']);
    }
    const before = {
      write: asked('repos/get-collaborator-permission-level'),
      team: asked('teams/get-membership-for-user-in-org'),
    };
    const approval = await talk.comment(12, 'carol', '/approve');
    expect(talk.reactions(approval)).toEqual(['eyes', 'rocket']);
    const reply = talk.replyTo(approval);
    expect(reply).toContain('**staging**');
    expect(reply).toContain('**production**');
    expect(reply).toContain('still needs 1 from @acme/sre.');
    expect(asked('repos/get-collaborator-permission-level') - before.write).toBe(1);
    expect(asked('teams/get-membership-for-user-in-org') - before.team).toBe(1);
  });
});
