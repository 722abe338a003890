/**
 * `/approve` and `/reject`: decide every deployment of this pull request that waits for approvals (and
 * tell GitHub a decision it did not take the first time).
 */
import { describeRule } from '../../approvals/approval-rules.js';
import { missingApprovals, ownerOf, type RefusalReason } from '../../services/approval-service.js';
import type { ApproveCommand, RejectCommand } from '../command.js';
import {
  type CommandDependencies,
  type CommandOutcome,
  type CommandRun,
  refused,
  succeeded,
} from '../command-run.js';
import { replies } from '../messages.js';

/**
 * Decides each waiting deployment with the author's approval or rejection; answers 🚀 when at least
 * one counted, with a line per deployment.
 */
export async function approve(
  deps: CommandDependencies,
  run: CommandRun,
  command: ApproveCommand | RejectCommand,
): Promise<CommandOutcome> {
  const open = await deps.approvals.openFor(run.pullRequest);
  if (open.length === 0) return refused(replies.nothingToApprove(run.event.number));
  const login = run.event.author;
  const decision = command.kind === 'approve' ? 'approved' : 'rejected';
  const text = command.kind === 'approve' ? command.comment : command.reason;

  const counted: string[] = [];
  const notCounted: string[] = [];
  const warnings: string[] = [];
  /** Every environment's rules, for a rejection refused everywhere. */
  const everyRule = new Set<string>();
  const decided = await deps.approvals.decideEach(open, {
    login,
    decision,
    source: 'comment',
    ...(text ? { comment: text } : {}),
  });
  for (const { view, outcome } of decided) {
    const { request } = view;
    const owner = ownerOf(view.project);
    const subject = replies.approvalSubject(
      `**${view.environment.name}**`,
      request.deploymentId,
      request.githubDeploymentId,
    );
    const rules = view.rules.map((rule) => describeRule(rule, owner));
    for (const rule of rules) everyRule.add(rule);
    if (outcome.kind === 'refused') {
      notCounted.push(replies.approvalRefusedLine(subject, refusalText(outcome.reason, login, rules)));
      continue;
    }
    if (outcome.githubError) warnings.push(replies.githubNotTold(outcome.githubError));
    counted.push(
      outcome.kind === 'rejected'
        ? replies.rejectedLine(subject)
        : replies.approvalProgress(subject, missingApprovals(outcome.evaluation, owner)),
    );
  }

  if (counted.length === 0) {
    return refused(
      decision === 'rejected' && notCounted.length === open.length
        ? replies.rejectRefused(login, [...everyRule])
        : replies.approvalRefused(login, notCounted),
    );
  }
  const lines = [...counted, ...notCounted, ...(warnings.length ? ['', ...warnings] : [])];
  return succeeded(
    decision === 'approved' ? replies.approvalRecorded(login, lines) : replies.rejected(login, lines, text),
  );
}

function refusalText(reason: RefusalReason, login: string, rules: string[]) {
  switch (reason) {
    case 'self':
      return replies.selfApproval(login);
    case 'not-approver':
      return replies.notAnApprover(login, rules);
    case 'already':
      return replies.alreadyApproved(login);
    case 'decided':
      return replies.decidedMeanwhile;
  }
}
