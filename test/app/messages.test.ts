import { describe, expect, it } from '@jest/globals';
import { messages } from '../../app/messages.js';
import { DEPLOYMENT_STATUSES, transition } from '../../shared/deployment-status.js';

describe('deployment status refusals', () => {
  it('lists, for every refused backwards move, exactly the statuses the check accepts', () => {
    for (const current of DEPLOYMENT_STATUSES) {
      const accepted = DEPLOYMENT_STATUSES.filter((next) => transition(current, next).kind === 'moved');
      for (const next of DEPLOYMENT_STATUSES) {
        const move = transition(current, next);
        if (move.kind !== 'refused' || move.reason !== 'backwards') continue;
        const text = messages.backwardStatus(1, current, next);
        const listed = /it can move to (.*), not (?:back )?to '/.exec(text)?.[1] ?? '';
        expect(listed.split(/, | or /).map((s) => s.replaceAll("'", ''))).toEqual(accepted);
        expect(text.endsWith(`to '${next}'`)).toBe(true);
      }
    }
  });

  it('only says "back" for a status that comes earlier in a normal life', () => {
    expect(messages.backwardStatus(5, 'blocked', 'canceling')).toBe(
      "Deployment 5 is 'blocked'; from 'blocked' it can move to 'pending', 'in_progress', 'success', " +
        "'failure' or 'canceled', not to 'canceling'",
    );
  });
});
