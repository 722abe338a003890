/**
 * Environment locks. A lock belongs to a pull request (or to a person, through the API), has an
 * optional reason and expiry, and blocks everyone else's deployments. Who asks while it is held joins
 * the environment's queue; when the lock frees (unlocked, expired, its pull request merged or closed,
 * overridden) it passes to the first in line, who is told on their pull request.
 *
 * Every operation on an environment's lock first settles an expired one, so an expired lock never
 * blocks; a periodic check also settles them, so the next in line hears about it at once.
 */
import type { Logger } from 'pino';
import type { GitHubGateway } from '../github/gateway.js';
import { describeOwner, isLockActive, sameOwner } from '../locks/lock-rules.js';
import type {
  EnvironmentRecord,
  LockOwner,
  LockQueueRecord,
  LockRecord,
  ProjectRecord,
} from '../store/records.js';
import type { Store, StoreWriter } from '../store/store.js';
import { recordAudit, SHIPLOG_ACTOR } from './audit.js';
import { lockNotices } from '../commands/messages.js';

/** Who asks, and how. */
export interface LockRequest {
  readonly owner: LockOwner;
  /** Login of the person acting. */
  readonly actor: string;
  readonly source: 'comment' | 'api';
  readonly reason?: string | null;
  readonly durationMinutes?: number | null;
}

export type LockOutcome =
  | { readonly kind: 'locked'; readonly lock: LockRecord }
  /** The owner held it already: the reason and expiry given replace the old ones. */
  | { readonly kind: 'renewed'; readonly lock: LockRecord }
  | {
      readonly kind: 'queued';
      readonly holder: LockRecord;
      /** 1 for first in line. */
      readonly position: number;
      readonly alreadyQueued: boolean;
    };

export type UnlockOutcome =
  | { readonly kind: 'unlocked'; readonly lock: LockRecord; readonly next: LockRecord | undefined }
  | { readonly kind: 'overridden'; readonly lock: LockRecord; readonly next: LockRecord | undefined }
  | { readonly kind: 'left-queue' }
  | { readonly kind: 'not-locked' }
  /** Held by someone else, and the asker may not override it. */
  | { readonly kind: 'held-by-other'; readonly holder: LockRecord };

export interface LockState {
  readonly lock: LockRecord | undefined;
  readonly queue: readonly LockQueueRecord[];
}

/** An outcome with the environment's lock and queue as the same transaction left them. */
export type WithState<T> = T & { readonly state: LockState };

/** The environment's lock and queue as `tx` sees them. */
async function stateIn(tx: StoreWriter, environment: EnvironmentRecord): Promise<LockState> {
  return { lock: await tx.getActiveLock(environment.id), queue: await tx.listLockQueue(environment.id) };
}

async function withState<T>(
  tx: StoreWriter,
  environment: EnvironmentRecord,
  outcome: T,
): Promise<WithState<T>> {
  return { ...outcome, state: await stateIn(tx, environment) };
}

/** A lock that passed to the next in line, to be announced once the change is durable. */
interface Handover {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
  readonly lock: LockRecord;
  readonly why: string;
}

/** A comment to leave on a pull request once the change is durable. */
interface Notice {
  readonly owner: LockOwner;
  readonly body: string;
}

export class LockService {
  constructor(
    private readonly store: Store,
    private readonly github: Pick<GitHubGateway, 'enabled' | 'createComment'>,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The environment's lock (if any still holds) and its queue. */
  async state(project: ProjectRecord, environment: EnvironmentRecord): Promise<LockState> {
    return this.run(project, environment, (tx) => stateIn(tx, environment));
  }

  /**
   * Takes the lock, renews it for its owner, or queues the asker behind its holder; with the lock and
   * queue as this change left them.
   */
  async lock(
    project: ProjectRecord,
    environment: EnvironmentRecord,
    request: LockRequest,
  ): Promise<WithState<LockOutcome>> {
    return this.run(project, environment, async (tx, at) =>
      withState(tx, environment, await this.take(tx, project, environment, request, at)),
    );
  }

  /**
   * Releases the asker's lock, or takes them out of the queue. Someone else's lock is released only
   * with `mayOverride` (recorded as an override, and its holder told).
   */
  async unlock(
    project: ProjectRecord,
    environment: EnvironmentRecord,
    request: LockRequest & { readonly mayOverride: boolean },
  ): Promise<WithState<UnlockOutcome>> {
    return this.run(project, environment, async (tx, at, handovers, notices) =>
      withState(tx, environment, await this.free(tx, project, environment, request, at, handovers, notices)),
    );
  }

  /** A pull request was merged or closed: its locks pass on and its queue places go. */
  async releaseAllOf(owner: LockOwner, why: string): Promise<number> {
    const handovers: Handover[] = [];
    const released = await this.store.transaction(async (tx) => {
      const at = this.now().toISOString();
      for (const entry of await tx.listLockQueueOf(owner))
        await tx.updateLockQueueEntry({ ...entry, leftAt: at });
      let count = 0;
      for (const lock of await tx.listActiveLocksOf(owner)) {
        const [project, environment] = await Promise.all([
          tx.getProjectById(lock.projectId),
          tx.getEnvironmentById(lock.environmentId),
        ]);
        await this.release(tx, lock, at, SHIPLOG_ACTOR, why);
        count++;
        if (!project || !environment) continue;
        await recordAudit(tx, at, {
          projectId: project.id,
          environmentId: environment.id,
          action: 'lock_released',
          actor: SHIPLOG_ACTOR,
          reason: why,
          pullRequest: owner.kind === 'pull_request' ? { repo: owner.repo, number: owner.number } : null,
          source: 'github',
        });
        await this.handOver(tx, project, environment, at, why, handovers);
      }
      return count;
    });
    await this.announce(handovers, []);
    return released;
  }

  /**
   * Settles every lock that has run out, so the next in line is handed the lock and told at once rather
   * than when someone next touches the environment. Run periodically (app/shiplog.ts).
   */
  async settleExpired(): Promise<number> {
    let settled = 0;
    for (const project of await this.store.listProjects()) {
      for (const environment of await this.store.listEnvironments(project.id)) {
        const lock = await this.store.getActiveLock(environment.id);
        if (!lock || isLockActive(lock, this.now())) continue;
        await this.run(project, environment, async () => undefined);
        settled++;
      }
    }
    return settled;
  }

  private async take(
    tx: StoreWriter,
    project: ProjectRecord,
    environment: EnvironmentRecord,
    request: LockRequest,
    at: string,
  ): Promise<LockOutcome> {
    const held = await tx.getActiveLock(environment.id);
    const expiresAt = expiry(at, request.durationMinutes);
    const audit = { projectId: project.id, environmentId: environment.id, source: request.source };
    if (held && sameOwner(held.owner, request.owner)) {
      const lock: LockRecord = {
        ...held,
        reason: request.reason ?? held.reason,
        expiresAt: request.durationMinutes ? expiresAt : held.expiresAt,
      };
      await tx.updateLock(lock);
      await recordAudit(tx, at, { ...audit, ...actorOf(request), action: 'locked', reason: renewal(lock) });
      return { kind: 'renewed', lock };
    }
    if (held) {
      const queue = await tx.listLockQueue(environment.id);
      const place = queue.findIndex((entry) => sameOwner(entry.owner, request.owner));
      if (place >= 0) return { kind: 'queued', holder: held, position: place + 1, alreadyQueued: true };
      await tx.insertLockQueueEntry({
        projectId: project.id,
        environmentId: environment.id,
        owner: request.owner,
        requestedBy: request.actor,
        reason: request.reason ?? null,
        durationMinutes: request.durationMinutes ?? null,
        createdAt: at,
        leftAt: null,
      });
      await recordAudit(tx, at, {
        ...audit,
        ...actorOf(request),
        action: 'lock_queued',
        reason: request.reason ?? null,
      });
      return { kind: 'queued', holder: held, position: queue.length + 1, alreadyQueued: false };
    }
    const lock = await tx.insertLock({
      projectId: project.id,
      environmentId: environment.id,
      owner: request.owner,
      lockedBy: request.actor,
      reason: request.reason ?? null,
      createdAt: at,
      expiresAt: request.durationMinutes ? expiresAt : null,
      releasedAt: null,
      releasedBy: null,
      releaseReason: null,
    });
    await recordAudit(tx, at, { ...audit, ...actorOf(request), action: 'locked', reason: lock.reason });
    return { kind: 'locked', lock };
  }

  private async free(
    tx: StoreWriter,
    project: ProjectRecord,
    environment: EnvironmentRecord,
    request: LockRequest & { readonly mayOverride: boolean },
    at: string,
    handovers: Handover[],
    notices: Notice[],
  ): Promise<UnlockOutcome> {
    const held = await tx.getActiveLock(environment.id);
    const audit = { projectId: project.id, environmentId: environment.id, source: request.source };
    if (held && sameOwner(held.owner, request.owner)) {
      await this.release(tx, held, at, request.actor, 'unlocked');
      await recordAudit(tx, at, {
        ...audit,
        ...actorOf(request),
        action: 'unlocked',
        reason: request.reason,
      });
      const next = await this.handOver(
        tx,
        project,
        environment,
        at,
        `${describeOwner(held.owner)} unlocked it`,
        handovers,
      );
      return { kind: 'unlocked', lock: held, next };
    }
    const queued = (await tx.listLockQueue(environment.id)).find((e) => sameOwner(e.owner, request.owner));
    if (queued) {
      await tx.updateLockQueueEntry({ ...queued, leftAt: at });
      return { kind: 'left-queue' };
    }
    if (!held) return { kind: 'not-locked' };
    if (!request.mayOverride) return { kind: 'held-by-other', holder: held };
    const why = `overridden by @${request.actor}${request.reason ? `: ${request.reason}` : ''}`;
    await this.release(tx, held, at, request.actor, why);
    await recordAudit(tx, at, {
      ...audit,
      ...actorOf(request),
      action: 'lock_overridden',
      reason: `released the lock of ${describeOwner(held.owner)}${request.reason ? `: ${request.reason}` : ''}`,
    });
    notices.push({
      owner: held.owner,
      body: lockNotices.overridden(project, environment, request.actor, request.reason),
    });
    const next = await this.handOver(
      tx,
      project,
      environment,
      at,
      `@${request.actor} overrode the lock of ${describeOwner(held.owner)}`,
      handovers,
    );
    return { kind: 'overridden', lock: held, next };
  }

  /**
   * Runs `work` on an environment's lock in a transaction, after settling an expired lock; announces
   * handovers and notices once the change is durable.
   */
  private async run<T>(
    project: ProjectRecord,
    environment: EnvironmentRecord,
    work: (tx: StoreWriter, at: string, handovers: Handover[], notices: Notice[]) => Promise<T>,
  ): Promise<T> {
    const handovers: Handover[] = [];
    const notices: Notice[] = [];
    const result = await this.store.transaction(async (tx) => {
      const at = this.now().toISOString();
      await this.settle(tx, project, environment, at, handovers);
      return work(tx, at, handovers, notices);
    });
    await this.announce(handovers, notices);
    return result;
  }

  /** Releases an expired lock and passes it on. */
  private async settle(
    tx: StoreWriter,
    project: ProjectRecord,
    environment: EnvironmentRecord,
    at: string,
    handovers: Handover[],
  ): Promise<void> {
    const lock = await tx.getActiveLock(environment.id);
    if (!lock || isLockActive(lock, new Date(at))) return;
    const why = `the lock of ${describeOwner(lock.owner)} expired`;
    await this.release(tx, lock, at, SHIPLOG_ACTOR, 'expired');
    await recordAudit(tx, at, {
      projectId: project.id,
      environmentId: environment.id,
      action: 'lock_expired',
      actor: SHIPLOG_ACTOR,
      reason: `${describeOwner(lock.owner)}'s lock expired at ${lock.expiresAt ?? at}`,
      source: 'shiplog',
    });
    await this.handOver(tx, project, environment, at, why, handovers);
  }

  private async release(
    tx: StoreWriter,
    lock: LockRecord,
    at: string,
    by: string,
    why: string,
  ): Promise<void> {
    await tx.updateLock({ ...lock, releasedAt: at, releasedBy: by, releaseReason: why });
  }

  /** Gives a freed lock to the first in the queue. */
  private async handOver(
    tx: StoreWriter,
    project: ProjectRecord,
    environment: EnvironmentRecord,
    at: string,
    why: string,
    handovers: Handover[],
  ): Promise<LockRecord | undefined> {
    const [next] = await tx.listLockQueue(environment.id);
    if (!next) return undefined;
    await tx.updateLockQueueEntry({ ...next, leftAt: at });
    const lock = await tx.insertLock({
      projectId: project.id,
      environmentId: environment.id,
      owner: next.owner,
      lockedBy: next.requestedBy,
      reason: next.reason,
      createdAt: at,
      expiresAt: next.durationMinutes ? expiry(at, next.durationMinutes) : null,
      releasedAt: null,
      releasedBy: null,
      releaseReason: null,
    });
    await recordAudit(tx, at, {
      projectId: project.id,
      environmentId: environment.id,
      action: 'lock_passed',
      actor: SHIPLOG_ACTOR,
      reason: `passed to ${describeOwner(next.owner)}, first in the queue: ${why}`,
      pullRequest:
        next.owner.kind === 'pull_request' ? { repo: next.owner.repo, number: next.owner.number } : null,
      source: 'shiplog',
    });
    handovers.push({ project, environment, lock, why });
    return lock;
  }

  /** Tells pull requests what happened to their locks. A comment that fails is logged, not retried. */
  private async announce(handovers: readonly Handover[], notices: readonly Notice[]): Promise<void> {
    const all: Notice[] = [
      ...notices,
      ...handovers.map(({ project, environment, lock, why }) => ({
        owner: lock.owner,
        body: lockNotices.passed(project, environment, lock, why),
      })),
    ];
    if (!this.github.enabled) return;
    for (const { owner, body } of all) {
      if (owner.kind !== 'pull_request') continue;
      try {
        await this.github.createComment(owner.repo, owner.number, body);
      } catch (error) {
        this.log.warn(
          { err: error, pullRequest: `${owner.repo}#${owner.number}` },
          'could not comment on a lock change',
        );
      }
    }
  }
}

function expiry(at: string, minutes: number | null | undefined): string | null {
  return minutes ? new Date(Date.parse(at) + minutes * 60_000).toISOString() : null;
}

function actorOf(request: LockRequest) {
  return {
    actor: request.actor,
    pullRequest:
      request.owner.kind === 'pull_request'
        ? { repo: request.owner.repo, number: request.owner.number }
        : null,
  };
}

function renewal(lock: LockRecord): string {
  return `renewed${lock.reason ? `: ${lock.reason}` : ''}${lock.expiresAt ? ` (until ${lock.expiresAt})` : ''}`;
}
