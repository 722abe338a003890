/**
 * Every comment Shiplog writes on a pull request, in one place: replies to commands, refusals that say
 * exactly why and what to do, and notices about locks and approvals. Command syntax is quoted in code
 * spans or fenced blocks, so Shiplog's own comments never read as commands.
 */
import { REPO_CONFIG_PATH } from '../../shared/config/repo-config.js';
import { describeOwner } from '../locks/lock-rules.js';
import type { EnvironmentRecord, LockQueueRecord, LockRecord, ProjectRecord } from '../store/records.js';
import { COMMAND_NAMES, COMMAND_USAGE } from './command.js';

/** A commit as people read it: its first seven characters. */
export const shortSha = (sha: string): string => sha.slice(0, 7);

/** `2026-11-22 14:05 UTC`. */
export const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const usage = (lines: readonly string[]): string => ['```', ...lines, '```'].join('\n');

/** The environment as a reader recognises it: `prod`, or `web/prod` when the repository has several projects. */
export const where = (project: ProjectRecord, environment: EnvironmentRecord, several: boolean): string =>
  `**${several ? `${project.name}/` : ''}${environment.name}**`;

function describeLock(lock: LockRecord): string {
  return [
    `${describeOwner(lock.owner)}`,
    lock.owner.kind === 'pull_request' ? ` (locked by @${lock.lockedBy})` : '',
    lock.reason ? `: ${lock.reason}` : '',
    lock.expiresAt ? `, until ${when(lock.expiresAt)}` : '',
  ].join('');
}

/** `/help`: every command, quoted in a code block so it never runs. */
export const helpText = (): string =>
  [
    'Shiplog commands, one per comment, at the start of a line (`.deploy` works as well as `/deploy`):',
    '',
    usage(COMMAND_NAMES.flatMap((name) => COMMAND_USAGE[name])),
    '',
    "- `/deploy to <environment>` deploys this pull request's head commit; `/deploy <rc_version> to <environment>` a release candidate. Both need write access, and are refused when the head moved after the comment or someone else holds the environment's lock.",
    "- `/rollback <environment>` redeploys the environment's previous successful release candidate.",
    "- `/approve` and `/reject [reason]` decide the deployments of this pull request waiting for approvals; the deployer's own approval never counts.",
    '- `/lock <environment>` reserves the environment for this pull request until `/unlock`, the pull request is merged or closed, or `--for` runs out. When it is taken, you join the queue and get it when it frees.',
    '- `/status [environment]` shows what runs where, locks and waiting approvals.',
    '',
    `The project may be left out when the repository has one. Environments, approval rules and \`allow_forks\` are configured in \`${REPO_CONFIG_PATH}\`.`,
  ].join('\n');

/** Replies to commands. */
export const replies = {
  invalid: (problem: string, expected: readonly string[]) =>
    `🤔 I could not run that: ${problem}.\n\nExpected:\n\n${usage(expected)}\n\nComment \`/help\` for every command.`,
  unknownCommand: (problem: string) => `🤔 I could not run that: ${problem}.\n\n${helpText()}`,

  needsWrite: (login: string, what: string, permission: string) =>
    `🚫 @${login} needs write access to this repository to ${what} (has ${permission}).`,
  forkRefused:
    `🚫 Commands are not accepted on pull requests from forks here: a fork's code is not deployed from a comment. ` +
    `A maintainer can allow it with \`allow_forks: true\` in \`${REPO_CONFIG_PATH}\`.`,
  headMoved: (sha: string, pushedAt: string) =>
    `🚫 The head of this pull request moved after your comment (to \`${shortSha(sha)}\`, pushed ${when(pushedAt)}): nothing was deployed. Review what was pushed, then comment again to deploy it.`,
  pullRequestClosed: (number: number) =>
    `🚫 #${number} is closed: its head is not deployed from a comment. Deploy a release candidate instead (\`/deploy <rc_version> to <environment>\`).`,
  noProjects: (repo: string) =>
    `🚫 No Shiplog project uses ${repo}: define one in \`${REPO_CONFIG_PATH}\` (or through Shiplog's management API).`,
  unknownProject: (name: string, known: readonly string[]) =>
    `🚫 This repository has no Shiplog project '${name}'. Its projects: ${known.map((p) => `\`${p}\``).join(', ')}.`,
  projectNeeded: (environment: string, candidates: readonly string[]) =>
    `🚫 Several projects of this repository have an environment '${environment}' (${candidates.map((p) => `\`${p}\``).join(', ')}): name the project, e.g. \`/deploy ${candidates[0] ?? '<project>'} to ${environment}\`.`,
  unknownEnvironment: (environment: string, project: string, known: readonly string[]) =>
    `🚫 Project '${project}' has no environment '${environment}'. Its environments: ${known.length ? known.map((e) => `\`${e}\``).join(', ') : 'none yet'}.`,
  noEnvironmentInRepo: (environment: string, projects: readonly string[]) =>
    `🚫 No project of this repository (${projects.map((p) => `\`${p}\``).join(', ')}) has an environment '${environment}'.`,
  locked: (target: string, environment: string, lock: LockRecord) =>
    `🔒 ${target} is locked by ${describeLock(lock)}. Nothing was deployed. Comment \`/lock ${environment}\` to join the queue: you get the lock when it frees.`,
  frozen: (target: string, freeze: string) =>
    `🧊 ${target} is ${freeze}: no new deployment starts during a deploy freeze (see \`.github/shiplog.yml\`). Nothing was deployed.`,
  refused: (message: string) => `🚫 ${message}`,
  githubUnavailable: (detail: string) =>
    `⚠️ GitHub could not be reached (${detail}); nothing was done. Comment again in a moment.`,
  internalError: (command: string) =>
    `⚠️ Shiplog failed while running \`${command}\`; the error is in its logs. Nothing more will happen for this comment: comment again to retry.`,

  dispatchFailed: (what: string, target: string, id: number, reason: string) =>
    `❌ Deployment ${id} of ${what} to ${target} failed to start: ${reason}.`,
  deploying: (what: string, target: string, id: number, links: readonly string[]) =>
    [`🚀 Deploying ${what} to ${target}: Shiplog deployment ${id}.`, '', ...links.map((l) => `- ${l}`)].join(
      '\n',
    ),
  waitingForApprovals: (
    what: string,
    target: string,
    id: number,
    rules: readonly string[],
    deployer: string | null,
    links: readonly string[],
  ) =>
    [
      `⏸️ Deployment ${id} of ${what} to ${target} waits for approvals: ${rules.join('; ')}.`,
      `Approvers: comment \`/approve\` to let it start, or \`/reject <reason>\` to cancel it.${deployer ? ` @${deployer}'s own approval does not count.` : ''}`,
      '',
      ...links.map((l) => `- ${l}`),
    ].join('\n'),
  headOf: (sha: string, number: number) => `\`${shortSha(sha)}\` (the head of #${number})`,
  candidate: (version: string, sha: string) => `\`${version}\` (\`${shortSha(sha)}\`)`,
  rollingBackFrom: (from: string | null) => (from ? `, rolling back from \`${from}\`` : ''),
  noRollbackTarget: (target: string) =>
    `🚫 ${target} has no earlier successful release candidate to roll back to.`,

  nothingToApprove: (number: number) =>
    `🤷 No deployment of #${number} waits for approvals. Deployments wait only in environments with approval rules.`,
  approvalRecorded: (login: string, lines: readonly string[]) =>
    [`✅ @${login}'s approval is recorded.`, '', ...lines].join('\n'),
  /** `Deployment 5 to **production**`, or a GitHub deployment held by the protection rule. */
  approvalSubject: (target: string, deploymentId: number | null, githubDeploymentId: number | null) =>
    deploymentId !== null
      ? `Deployment ${deploymentId} to ${target}`
      : `GitHub deployment ${githubDeploymentId ?? '?'} to ${target}`,
  approvalProgress: (subject: string, missing: readonly string[]) =>
    missing.length === 0
      ? `- ${subject}: every approval is in, it starts now.`
      : `- ${subject}: still needs ${missing.join('; ')}.`,
  approvalRefusedLine: (subject: string, why: string) => `- ${subject}: ${why}`,
  approvalRefused: (login: string, lines: readonly string[]) =>
    [`🚫 @${login}'s approval counts for nothing here:`, '', ...lines].join('\n'),
  selfApproval: (login: string) => `@${login} asked for it, and the deployer never counts as an approver`,
  notAnApprover: (login: string, rules: readonly string[]) =>
    `@${login} is not an approver (it needs ${rules.join('; ')})`,
  alreadyApproved: (login: string) => `@${login} approved it already`,
  decidedMeanwhile: 'it was decided by someone else meanwhile',
  rejected: (login: string, lines: readonly string[], reason: string | undefined) =>
    [`🛑 @${login} rejected${reason ? `: ${reason}` : ''}.`, '', ...lines].join('\n'),
  rejectedLine: (subject: string) => `- ${subject} is rejected: it will not start.`,
  rejectRefused: (login: string, rules: readonly string[]) =>
    `🚫 @${login} may not reject: only the deployer or an approver (${rules.join('; ')}) may.`,
  githubNotTold: (detail: string) =>
    `⚠️ GitHub was not told (${detail}): its deployment protection rule still waits. Comment again to retry.`,

  lockTaken: (target: string, lock: LockRecord) =>
    `🔒 ${target} is locked for this pull request${lock.reason ? `: ${lock.reason}` : ''}${lock.expiresAt ? `, until ${when(lock.expiresAt)}` : ''}. Others' deployments are refused until \`/unlock\`, the merge or the close of this pull request.`,
  lockRenewed: (target: string, lock: LockRecord) =>
    `🔒 This pull request already holds ${target}; the lock now reads${lock.reason ? ` "${lock.reason}"` : ' with no reason'}${lock.expiresAt ? `, until ${when(lock.expiresAt)}` : ', with no expiry'}.`,
  lockQueued: (target: string, holder: LockRecord, position: number, already: boolean) =>
    `⏳ ${target} is locked by ${describeLock(holder)}. This pull request is ${already ? 'already ' : ''}number ${position} in the queue: it gets the lock when it frees, and will be told here.`,
  unlocked: (target: string, next: LockRecord | undefined) =>
    `🔓 ${target} is unlocked.${next ? ` The lock passed to ${describeOwner(next.owner)}, next in the queue.` : ''}`,
  overridden: (target: string, previous: LockRecord, next: LockRecord | undefined) =>
    `🔓 ${target} was locked by ${describeLock(previous)}; the lock is released (an override, recorded in Shiplog's audit trail).${next ? ` It passed to ${describeOwner(next.owner)}, next in the queue.` : ''}`,
  leftQueue: (target: string) => `👋 This pull request left the queue for ${target}.`,
  notLocked: (target: string) => `🤷 ${target} is not locked.`,
  heldByOther: (target: string, holder: LockRecord) =>
    `🚫 ${target} is locked by ${describeLock(holder)}. Only its pull request, or someone with admin or maintain access (an override, recorded), can unlock it.`,
} as const;

/** Comments on other pull requests about their locks. */
export const lockNotices = {
  passed: (project: ProjectRecord, environment: EnvironmentRecord, lock: LockRecord, why: string) =>
    `🔒 The lock on **${project.name}/${environment.name}** is now held by this pull request (${why}).${lock.expiresAt ? ` It expires ${when(lock.expiresAt)}.` : ''} Comment \`/unlock ${environment.name}\` when done.`,
  overridden: (
    project: ProjectRecord,
    environment: EnvironmentRecord,
    by: string,
    reason: string | null | undefined,
  ) =>
    `🔓 @${by} released this pull request's lock on **${project.name}/${environment.name}**${reason ? `: ${reason}` : ''}.`,
};

/** Comments about deployments GitHub holds for Shiplog's deployment protection rule. */
export const protectionNotices = {
  waiting: (environment: string, sha: string, rules: readonly string[]) =>
    `⏸️ A GitHub Actions deployment of \`${shortSha(sha)}\` to **${environment}** waits for approvals: ${rules.join('; ')}. Approvers: comment \`/approve\` or \`/reject <reason>\`.`,
  waitingNote: (rules: readonly string[]) => `Waiting for approvals in Shiplog: ${rules.join('; ')}.`,
  approved: (approvers: readonly string[]) =>
    approvers.length
      ? `Approved in Shiplog by ${approvers.map((a) => `@${a}`).join(', ')}.`
      : 'No approvals required by Shiplog.',
  rejected: (login: string, reason: string | undefined) =>
    `Rejected in Shiplog by @${login}${reason ? `: ${reason}` : ''}.`,
  locked: (environment: string, lock: LockRecord) =>
    `${environment} is locked in Shiplog by ${describeLock(lock)}.`,
  frozen: (environment: string, freeze: string) => `${environment} is ${freeze} in Shiplog.`,
  dispatched: (deploymentId: number) =>
    `Shiplog dispatched this run for its deployment ${deploymentId}, which passed the environment's lock and approvals in Shiplog.`,
  unknownEnvironment: (environment: string) =>
    `No Shiplog environment is named '${environment}' on GitHub: Shiplog has nothing to check.`,
};

/** `/status` lines. */
export const statusLines = {
  header: '| environment | running now | newest deployment | lock | queue |',
  divider: '| --- | --- | --- | --- | --- |',
  row: (cells: readonly string[]) => `| ${cells.join(' | ')} |`,
  none: '–',
  queue: (queue: readonly LockQueueRecord[]) => queue.map((q) => describeOwner(q.owner)).join(', ') || '–',
  lock: (lock: LockRecord | undefined) => (lock ? describeLock(lock) : '–'),
  waiting: (count: number) =>
    count
      ? `\n\n${count} deployment(s) of this pull request wait for approvals: comment \`/approve\` or \`/reject\`.`
      : '',
};
