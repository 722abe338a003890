import { describe, expect, it } from '@jest/globals';
import { pickRollback } from '../../../app/services/rollback-target.js';
import type { DeploymentRecord } from '../../../app/store/records.js';
import { deploymentRow } from '../../support/records.js';

describe('pickRollback', () => {
  const deployment = (id: number, candidateId: number | null, status: DeploymentRecord['status']) =>
    ({
      ...deploymentRow({ id: 1, projectId: 1 }, { id: candidateId ?? 0, commitSha: 'a'.repeat(40) }),
      id,
      candidateId,
      status,
    }) as DeploymentRecord;

  it('takes the newest earlier success of another candidate than the one running', () => {
    const choice = pickRollback([
      deployment(6, 3, 'failure'),
      deployment(5, 3, 'success'),
      deployment(4, 3, 'success'),
      deployment(3, null, 'success'),
      deployment(2, 2, 'canceled'),
      deployment(1, 1, 'success'),
    ]);
    expect(choice.current?.id).toBe(5);
    expect(choice.target?.id).toBe(1);
  });

  it('finds nothing without an earlier success', () => {
    expect(pickRollback([deployment(1, 1, 'success')]).target).toBeUndefined();
    expect(pickRollback([]).current).toBeUndefined();
  });
});
