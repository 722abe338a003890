import { describe, expect, it } from '@jest/globals';
import { blockingLock, isLockActive, requesterOwners } from '../../../app/locks/lock-rules.js';
import type { LockRecord } from '../../../app/store/records.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const lock = (fields: Partial<LockRecord> = {}): LockRecord => ({
  id: 1,
  projectId: 1,
  environmentId: 1,
  owner: { kind: 'pull_request', repo: 'acme/web', number: 12 },
  lockedBy: 'alice',
  reason: null,
  createdAt: '2026-11-22T11:00:00Z',
  expiresAt: null,
  releasedAt: null,
  releasedBy: null,
  releaseReason: null,
  ...fields,
});

describe('lock rules', () => {
  it('holds until released or expired', () => {
    expect(isLockActive(lock(), NOW)).toBe(true);
    expect(isLockActive(lock({ releasedAt: '2026-11-22T11:30:00Z' }), NOW)).toBe(false);
    expect(isLockActive(lock({ expiresAt: '2026-11-22T11:59:59Z' }), NOW)).toBe(false);
    expect(isLockActive(lock({ expiresAt: '2026-11-22T12:00:01Z' }), NOW)).toBe(true);
  });

  it('lets its own pull request (any case of the repository) and its person through, nobody else', () => {
    const own = requesterOwners({ login: 'dave', pullRequest: { repo: 'Acme/Web', number: 12 } });
    expect(blockingLock(lock(), own, NOW)).toBeUndefined();
    const other = requesterOwners({ login: 'alice', pullRequest: { repo: 'acme/web', number: 14 } });
    expect(blockingLock(lock(), other, NOW)?.id).toBe(1);
    expect(blockingLock(lock(), [], NOW)?.id).toBe(1);
    const person = lock({ owner: { kind: 'user', login: 'Mo' } });
    expect(blockingLock(person, requesterOwners({ login: 'mo', pullRequest: null }), NOW)).toBeUndefined();
  });
});
