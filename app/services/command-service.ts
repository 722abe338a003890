/**
 * Pull-request comment commands, end to end: read the comment, claim it (so an edit or a redelivery
 * never runs it again), react 👀, check who asks and from where, run the command, react 🚀 or 👎 and
 * reply once with the result or exactly why it was refused.
 *
 * Steps, in order:
 * 1. {@link parseCommand}: an ordinary comment ends here.
 * 2. Claim the comment's id in the store; a comment already claimed ends here.
 * 3. 👀, then refuse commands on a fork's pull request unless `allow_forks` is set.
 * 4. One `switch` dispatches to the command's handler (app/commands/handlers).
 * 5. 🚀 or 👎 and one reply comment; the claim records how it ended.
 */
import type { Logger } from 'pino';
import { type Command } from '../commands/command.js';
import type {
  CommandDependencies,
  CommandOutcome,
  CommandRun,
  CommentEvent,
} from '../commands/command-run.js';
import { refused, succeeded } from '../commands/command-run.js';
import { approve } from '../commands/handlers/approve.js';
import { deploy } from '../commands/handlers/deploy.js';
import { lock } from '../commands/handlers/lock.js';
import { status } from '../commands/handlers/status.js';
import { helpText, replies } from '../commands/messages.js';
import { parseCommand } from '../commands/parse-command.js';
import { ApiError } from '../errors.js';
import {
  type CommandReaction,
  type GitHubGateway,
  GitHubRejectedError,
  GitHubUnavailableError,
  type PullRequestInfo,
  type RepositoryAccess,
} from '../github/gateway.js';
import { commandKey } from '../store/keys.js';
import type { CommandRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

export type { CommentEvent } from '../commands/command-run.js';

/**
 * Commands that only read. Every other command changes something and is refused on a fork's pull
 * request unless `allow_forks` is set: a command added later is refused there until it is listed here.
 */
const READ_ONLY: ReadonlySet<Command['kind']> = new Set(['status', 'help']);

export class CommandService {
  constructor(
    /** Where comments are claimed (once each) and repository settings read. */
    private readonly store: Store,
    private readonly deps: CommandDependencies,
    private readonly github: Pick<
      GitHubGateway,
      'getPullRequest' | 'repositoryAccess' | 'addReaction' | 'createComment'
    >,
    private readonly log: Logger,
  ) {}

  /** `issue_comment.created` on a pull request. */
  async commentCreated(event: CommentEvent): Promise<void> {
    const parsed = parseCommand(event.body);
    if (parsed.kind === 'none') return;
    const name = parsed.kind === 'command' ? parsed.command.kind : 'invalid';
    const claim = await this.claim(event, name);
    if (!claim) {
      this.log.info({ repo: event.repo, comment: event.commentId }, 'comment already handled: skipped');
      return;
    }
    await this.react(event, 'eyes');
    const run = this.runFor(event);
    let outcome: CommandOutcome;
    let state: CommandRecord['state'];
    try {
      outcome =
        parsed.kind === 'invalid'
          ? refused(
              parsed.name === null
                ? replies.unknownCommand(parsed.problem)
                : replies.invalid(parsed.problem, parsed.expected),
            )
          : await this.execute(run, parsed.command);
      state = outcome.ok ? 'succeeded' : 'refused';
    } catch (error) {
      ({ outcome, state } = this.describeFailure(error, name, event));
    }
    await this.react(event, outcome.ok ? 'rocket' : '-1');
    const line = parsed.line.replace(/^/gm, '> ');
    const reply = await this.reply(event, `${line}\n\n${outcome.body}`);
    await this.store.transaction(async (tx) => {
      const current = await tx.getCommand(claim.key);
      if (current) {
        await tx.updateCommand({
          ...current,
          state,
          replyCommentId: reply ?? null,
          finishedAt: this.deps.now().toISOString(),
        });
      }
    });
  }

  /** The one dispatch of a command to its handler. */
  private async execute(run: CommandRun, command: Command): Promise<CommandOutcome> {
    if (!READ_ONLY.has(command.kind) && (await this.refusedAsFork(run))) return refused(replies.forkRefused);
    switch (command.kind) {
      case 'deploy':
      case 'rollback':
        return deploy(this.deps, run, command);
      case 'approve':
      case 'reject':
        return approve(this.deps, run, command);
      case 'lock':
      case 'unlock':
        return lock(this.deps, run, command);
      case 'status':
        return status(this.deps, run, command);
      case 'help':
        return succeeded(helpText());
    }
  }

  private async refusedAsFork(run: CommandRun): Promise<boolean> {
    const config = await this.store.getRepoConfig(run.event.repo);
    if (config?.allowForks) return false;
    return (await run.pull()).fromFork;
  }

  /** Records the comment as handled before running it: at most once, whatever happens next. */
  private claim(event: CommentEvent, command: string): Promise<CommandRecord | undefined> {
    const key = commandKey(event.repo, event.commentId);
    return this.store.transaction(async (tx) => {
      if (await tx.getCommand(key)) return undefined;
      return tx.insertCommand({
        key,
        pullRequest: { repo: event.repo, number: event.number },
        commentId: event.commentId,
        author: event.author,
        command,
        state: 'running',
        replyCommentId: null,
        receivedAt: this.deps.now().toISOString(),
        finishedAt: null,
      });
    });
  }

  private runFor(event: CommentEvent): CommandRun {
    let pull: Promise<PullRequestInfo> | undefined;
    let access: Promise<RepositoryAccess> | undefined;
    return {
      event,
      pullRequest: { repo: event.repo, number: event.number },
      pull: () => (pull ??= this.github.getPullRequest(event.repo, event.number)),
      access: () => (access ??= this.github.repositoryAccess(event.repo, event.author)),
    };
  }

  /** A refusal for a client mistake, a "try again" for GitHub trouble, a logged failure for a bug. */
  private describeFailure(
    error: unknown,
    command: string,
    event: CommentEvent,
  ): { outcome: CommandOutcome; state: CommandRecord['state'] } {
    if (error instanceof ApiError)
      return { outcome: refused(replies.refused(error.message)), state: 'refused' };
    if (error instanceof GitHubUnavailableError || error instanceof GitHubRejectedError) {
      this.log.warn({ err: error, command, comment: event.commentId }, 'GitHub failed during a command');
      return { outcome: refused(replies.githubUnavailable(error.message)), state: 'failed' };
    }
    this.log.error({ err: error, command, comment: event.commentId }, 'command failed');
    return { outcome: refused(replies.internalError(command)), state: 'failed' };
  }

  /** Reactions are a courtesy: one that fails is logged and the command goes on. */
  private async react(event: CommentEvent, reaction: CommandReaction): Promise<void> {
    try {
      await this.github.addReaction(event.repo, event.commentId, reaction);
    } catch (error) {
      this.log.warn({ err: error, comment: event.commentId, reaction }, 'could not react to a command');
    }
  }

  private async reply(event: CommentEvent, body: string): Promise<number | undefined> {
    try {
      return (await this.github.createComment(event.repo, event.number, body)).id;
    } catch (error) {
      this.log.warn({ err: error, comment: event.commentId }, 'could not reply to a command');
      return undefined;
    }
  }
}
