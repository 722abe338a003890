/**
 * A `/reject` refused in every waiting environment names every environment's approvers, not only
 * the last one's.
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
            users: [erin]
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

describe('a rejection refused in two environments', () => {
  it("lists both environments' approvers", async () => {
    for (const environment of ['staging', 'production']) {
      const deploy = await talk.comment(12, 'alice', `/deploy to ${environment}`);
      expect(talk.reactions(deploy)).toEqual(['eyes', 'rocket']);
    }
    const refused = await talk.comment(12, 'bob', '/reject not today');
    expect(talk.replyTo(refused)).toBe(
      '> /reject not today\n\n🚫 @bob may not reject: only the deployer or an approver (1 from @erin; 2 from @acme/sre) may.',
    );
  });
});
