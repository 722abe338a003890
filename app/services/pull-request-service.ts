/**
 * What `pull_request` webhooks tell Shiplog: when a pull request's head moved (so a `/deploy` written
 * before a push is refused), and when it was merged or closed (its locks pass on).
 */
import type { Logger } from 'pino';
import type { PullRequestRecord, PullRequestRef } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { LockService } from './lock-service.js';

/** The fields of a `pull_request` payload Shiplog reads. */
export interface PullRequestEvent {
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
  /** The pull request's `updated_at`: when this head arrived, for `opened`, `reopened`, `synchronize`. */
  readonly updatedAt: string;
  readonly merged: boolean;
}

export class PullRequestService {
  constructor(
    private readonly store: Store,
    private readonly locks: Pick<LockService, 'releaseAllOf'>,
    private readonly log: Logger,
  ) {}

  /** What the webhooks said of the pull request so far, if anything. */
  seen(ref: PullRequestRef): Promise<PullRequestRecord | undefined> {
    return this.store.getPullRequest(ref);
  }

  /**
   * A head a command found on GitHub that differs from the one noted, before its webhook arrived: noted
   * as arrived `at` (now), unless the webhook landed meanwhile. Returns when the noted head arrived.
   */
  async headSeen(ref: PullRequestRef, headSha: string, at: string): Promise<string> {
    return this.store.transaction(async (tx) => {
      const known = await tx.getPullRequest(ref);
      if (!known) return at;
      if (known.headSha === headSha) return known.headUpdatedAt;
      await tx.putPullRequest({ ...known, headSha, headUpdatedAt: at });
      return at;
    });
  }

  /** `opened`, `reopened`, `synchronize`: notes the head and when it arrived. Late deliveries lose. */
  async headChanged(event: PullRequestEvent): Promise<void> {
    await this.store.transaction(async (tx) => {
      const known = await tx.getPullRequest(event);
      if (known && Date.parse(known.headUpdatedAt) > Date.parse(event.updatedAt)) return;
      await tx.putPullRequest({
        repo: event.repo,
        number: event.number,
        headSha: event.headSha,
        headUpdatedAt: event.updatedAt,
        state: 'open',
      });
    });
  }

  /** `closed`: the pull request's locks pass to the next in their queues, and its queue places go. */
  async closed(event: PullRequestEvent): Promise<void> {
    await this.store.transaction(async (tx) => {
      const known = await tx.getPullRequest(event);
      await tx.putPullRequest({
        repo: event.repo,
        number: event.number,
        headSha: known?.headSha ?? event.headSha,
        headUpdatedAt: known?.headUpdatedAt ?? event.updatedAt,
        state: 'closed',
      });
    });
    const why = `#${event.number} was ${event.merged ? 'merged' : 'closed'}`;
    const released = await this.locks.releaseAllOf(
      { kind: 'pull_request', repo: event.repo, number: event.number },
      why,
    );
    if (released > 0)
      this.log.info({ repo: event.repo, pullRequest: event.number, released }, 'locks released');
  }
}
