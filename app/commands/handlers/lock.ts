/**
 * `/lock` and `/unlock`: the environment's lock, held by this pull request.
 */
import type { LockCommand, UnlockCommand } from '../command.js';
import {
  type CommandDependencies,
  type CommandOutcome,
  type CommandRun,
  refused,
  requireWrite,
  succeeded,
} from '../command-run.js';
import { replies, where } from '../messages.js';
import { resolveTarget } from '../resolve-target.js';

/** `/lock` takes, renews or queues; `/unlock` releases, leaves the queue, or overrides. */
export async function lock(
  deps: CommandDependencies,
  run: CommandRun,
  command: LockCommand | UnlockCommand,
): Promise<CommandOutcome> {
  const denied = await requireWrite(run, command.kind);
  if (denied) return denied;
  const target = await resolveTarget(deps.projects, run.event.repo, command.project, command.environment);
  if (target.kind === 'refused') return refused(target.message);
  const { project, environment } = target;
  const place = where(project, environment, target.several);
  const request = {
    owner: { kind: 'pull_request' as const, ...run.pullRequest },
    actor: run.event.author,
    source: 'comment' as const,
  };

  if (command.kind === 'lock') {
    const outcome = await deps.locks.lock(project, environment, {
      ...request,
      reason: command.reason ?? null,
      durationMinutes: command.durationMinutes ?? null,
    });
    switch (outcome.kind) {
      case 'locked':
        return succeeded(replies.lockTaken(place, outcome.lock));
      case 'renewed':
        return succeeded(replies.lockRenewed(place, outcome.lock));
      case 'queued':
        return succeeded(replies.lockQueued(place, outcome.holder, outcome.position, outcome.alreadyQueued));
    }
  }

  // Releasing someone else's lock is an override: admins and maintainers only, and recorded.
  const { permission, role } = await run.access();
  const outcome = await deps.locks.unlock(project, environment, {
    ...request,
    mayOverride: permission === 'admin' || role === 'maintain',
  });
  switch (outcome.kind) {
    case 'unlocked':
      return succeeded(replies.unlocked(place, outcome.next));
    case 'overridden':
      return succeeded(replies.overridden(place, outcome.lock, outcome.next));
    case 'left-queue':
      return succeeded(replies.leftQueue(place));
    case 'not-locked':
      return refused(replies.notLocked(place));
    case 'held-by-other':
      return refused(replies.heldByOther(place, outcome.holder));
  }
}
