/**
 * What a lock means, decided without the store: whether it still holds, and whom it lets through.
 */
import { lockOwnerKey } from '../store/keys.js';
import type { LockOwner, LockRecord, PullRequestRef } from '../store/records.js';

/** A lock holds until it is released or its expiry passes; an expired lock blocks nobody. */
export function isLockActive(lock: LockRecord | undefined, now: Date): boolean {
  if (!lock || lock.releasedAt !== null) return false;
  return lock.expiresAt === null || Date.parse(lock.expiresAt) > now.getTime();
}

/** Whether two owners are the same pull request or person (repository and login in any case). */
export const sameOwner = (a: LockOwner, b: LockOwner): boolean => lockOwnerKey(a) === lockOwnerKey(b);

/**
 * The lock, if it stops a deployment asked by someone who is all of `requesters` (a pull request and
 * the person commenting on it; nobody for an API request, which therefore passes no lock).
 */
export function blockingLock(
  lock: LockRecord | undefined,
  requesters: readonly LockOwner[],
  now: Date,
): LockRecord | undefined {
  if (!lock || !isLockActive(lock, now)) return undefined;
  return requesters.some((requester) => sameOwner(lock.owner, requester)) ? undefined : lock;
}

/** The lock owners a deployment request speaks for: its pull request and its person. */
export function requesterOwners(requester: {
  readonly login: string | null;
  readonly pullRequest: PullRequestRef | null;
}): LockOwner[] {
  return [
    ...(requester.pullRequest ? [{ kind: 'pull_request' as const, ...requester.pullRequest }] : []),
    ...(requester.login ? [{ kind: 'user' as const, login: requester.login }] : []),
  ];
}

/** `#12` or `@alice`. */
export const describeOwner = (owner: LockOwner): string =>
  owner.kind === 'pull_request' ? `#${owner.number}` : `@${owner.login}`;
