/**
 * What every command handler works with: the comment, lazily fetched facts about its pull request and
 * author, the services, and what it answers.
 */
import type { PullRequestInfo, RepositoryAccess } from '../github/gateway.js';
import type { PullRequestService } from '../services/pull-request-service.js';
import type { PullRequestRef } from '../store/records.js';
import type { ApprovalService } from '../services/approval-service.js';
import type { DeploymentService } from '../services/deployment-service.js';
import type { LockService } from '../services/lock-service.js';
import type { ReleaseService } from '../services/release-service.js';
import { replies } from './messages.js';
import type { TargetLookups } from './resolve-target.js';

/** A new comment on a pull request (`issue_comment.created`). */
export interface CommentEvent {
  /** `org/repo`. */
  readonly repo: string;
  /** The pull request's number. */
  readonly number: number;
  readonly commentId: number;
  readonly body: string;
  /** The comment's author. */
  readonly author: string;
  readonly createdAt: string;
  /** The pull request's page, e.g. `https://github.com/acme/web/pull/12`. */
  readonly pullRequestUrl: string;
}

export interface CommandRun {
  readonly event: CommentEvent;
  readonly pullRequest: PullRequestRef;
  /** The pull request as GitHub has it now (fetched once, on first use). */
  pull(): Promise<PullRequestInfo>;
  /** The author's access to the repository (fetched once, on first use). */
  access(): Promise<RepositoryAccess>;
}

/** What a command answers: 🚀 or 👎, and the one reply comment. */
export interface CommandOutcome {
  readonly ok: boolean;
  readonly body: string;
}

/** Where Shiplog's records are read by people. */
export interface LinkOptions {
  /** `SHIPLOG_URL`: the App's public base URL, when configured. */
  readonly publicUrl: string | undefined;
}

/** The services command handlers work through: they never read or write the store themselves. */
export interface CommandDependencies {
  readonly projects: TargetLookups;
  readonly deployments: Pick<DeploymentService, 'order' | 'environmentsOf' | 'rollbackChoice'>;
  readonly releases: Pick<ReleaseService, 'candidateOf'>;
  readonly locks: Pick<LockService, 'lock' | 'unlock' | 'state'>;
  readonly approvals: Pick<ApprovalService, 'openFor' | 'decideEach'>;
  readonly pullRequests: Pick<PullRequestService, 'headSeen' | 'seen'>;
  readonly links: LinkOptions;
  readonly now: () => Date;
}

/** A command that did what it was asked: 🚀. */
export const succeeded = (body: string): CommandOutcome => ({ ok: true, body });
/** A command that did nothing, and the reply says why: 👎. */
export const refused = (body: string): CommandOutcome => ({ ok: false, body });

/** Refuses unless the author has write access (admin counts). */
export async function requireWrite(run: CommandRun, what: string): Promise<CommandOutcome | undefined> {
  const { permission } = await run.access();
  if (permission === 'admin' || permission === 'write') return undefined;
  return refused(replies.needsWrite(run.event.author, what, permission));
}
