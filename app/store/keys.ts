/**
 * Index keys shared by the store and the services that look records up by them, so both spell a pull
 * request or a lock owner the same way (repository names are case-insensitive on GitHub).
 */
import type { LockOwner, PullRequestRef } from './records.js';

/** `acme/web#12`, lower-cased. */
export const pullRequestKey = (ref: PullRequestRef): string => `${ref.repo.toLowerCase()}#${ref.number}`;

/** `pr:acme/web#12` or `user:alice`, lower-cased. */
export const lockOwnerKey = (owner: LockOwner): string =>
  owner.kind === 'pull_request' ? `pr:${pullRequestKey(owner)}` : `user:${owner.login.toLowerCase()}`;

/** `acme/web#<comment id>`: one command per comment. */
export const commandKey = (repo: string, commentId: number): string => `${repo.toLowerCase()}#${commentId}`;
