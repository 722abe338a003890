/**
 * The pull-request comment commands, as the parser returns them and the command service runs them.
 */

/** A deploy of the pull request's head (no `version`) or of a release candidate. */
export interface DeployCommand {
  readonly kind: 'deploy';
  readonly project?: string;
  readonly version?: string;
  readonly environment: string;
}

export interface RollbackCommand {
  readonly kind: 'rollback';
  readonly project?: string;
  readonly environment: string;
}

export interface ApproveCommand {
  readonly kind: 'approve';
  readonly comment?: string;
}

export interface RejectCommand {
  readonly kind: 'reject';
  readonly reason?: string;
}

export interface LockCommand {
  readonly kind: 'lock';
  readonly project?: string;
  readonly environment: string;
  readonly reason?: string;
  /** `--for 2h`: the lock expires after this many minutes. */
  readonly durationMinutes?: number;
}

export interface UnlockCommand {
  readonly kind: 'unlock';
  readonly project?: string;
  readonly environment: string;
}

export interface StatusCommand {
  readonly kind: 'status';
  readonly project?: string;
  readonly environment?: string;
}

export interface HelpCommand {
  readonly kind: 'help';
}

export type Command =
  | DeployCommand
  | RollbackCommand
  | ApproveCommand
  | RejectCommand
  | LockCommand
  | UnlockCommand
  | StatusCommand
  | HelpCommand;

export type CommandName = Command['kind'];

export const COMMAND_NAMES: readonly CommandName[] = [
  'deploy',
  'rollback',
  'approve',
  'reject',
  'lock',
  'unlock',
  'status',
  'help',
];

/** How each command is written; the parser's errors and `/help` quote these. */
export const COMMAND_USAGE: Readonly<Record<CommandName, readonly string[]>> = {
  deploy: ['/deploy [project] [to] <environment>', '/deploy [project] <rc_version> to <environment>'],
  rollback: ['/rollback [project] <environment>'],
  approve: ['/approve [comment]'],
  reject: ['/reject [reason]'],
  lock: ['/lock [project] <environment> [--reason <text>] [--for <30m|2h|1d>]'],
  unlock: ['/unlock [project] <environment>'],
  status: ['/status [project] [environment]'],
  help: ['/help'],
};

/** What a comment holds. */
export type ParseResult =
  /** No command: an ordinary comment. */
  | { readonly kind: 'none' }
  | { readonly kind: 'command'; readonly command: Command; readonly line: string }
  /**
   * A command that cannot run as written: `problem` says why, `expected` how to write it. `name` is the
   * command meant, or null for an unknown command or several in one comment.
   */
  | {
      readonly kind: 'invalid';
      /** The command line as written (the first one when there are several). */
      readonly line: string;
      readonly name: CommandName | null;
      readonly problem: string;
      readonly expected: readonly string[];
    };
