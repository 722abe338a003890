/**
 * `/deploy` and `/rollback`: checks who asks and what, then orders the deployment through the
 * deployment service (so it is gated, mirrored and dispatched like any other).
 */
import { describeRule } from '../../approvals/approval-rules.js';
import { describeFreeze } from '../../freezes/freeze-rules.js';
import { requesterOwners } from '../../locks/lock-rules.js';
import { ownerOf } from '../../services/approval-service.js';
import { approvalRulesOf, gateOf, type Requester } from '../../services/deployment-gate.js';
import { githubEnvironmentName } from '../../services/environment-match.js';
import type { CandidateRecord, EnvironmentRecord, ProjectRecord } from '../../store/records.js';
import type { DeployCommand, RollbackCommand } from '../command.js';
import {
  type CommandDependencies,
  type CommandOutcome,
  type CommandRun,
  refused,
  requireWrite,
  succeeded,
} from '../command-run.js';
import { deploymentLinks, repoWebUrl } from '../links.js';
import { replies, shortSha, where } from '../messages.js';
import { resolveTarget } from '../resolve-target.js';

interface What {
  readonly candidate: CandidateRecord | undefined;
  readonly commitSha: string;
  /** How the reply names what is deployed. */
  readonly label: string;
  readonly reason?: string;
}

/**
 * `/deploy` (the head, or a release candidate) and `/rollback`: write access, the target, the lock,
 * what to deploy, then the order; the reply says what started or waits for approvals.
 */
export async function deploy(
  deps: CommandDependencies,
  run: CommandRun,
  command: DeployCommand | RollbackCommand,
): Promise<CommandOutcome> {
  const denied = await requireWrite(run, command.kind === 'deploy' ? 'deploy' : 'roll back');
  if (denied) return denied;
  const target = await resolveTarget(deps.projects, run.event.repo, command.project, command.environment);
  if (target.kind === 'refused') return refused(target.message);
  const { project, environment, several } = target;
  const place = where(project, environment, several);
  const requester: Requester = { login: run.event.author, pullRequest: run.pullRequest };

  // Said plainly here, before GitHub is asked anything; the deployment service decides again, through
  // the same gate, in the transaction that inserts.
  const { lock } = await deps.locks.state(project, environment);
  const gate = gateOf(environment, lock, requesterOwners(requester), deps.now());
  if (gate.kind === 'frozen') return refused(replies.frozen(place, describeFreeze(gate.freeze)));
  if (gate.kind === 'locked') return refused(replies.locked(place, environment.name, gate.lock));

  const what =
    command.kind === 'rollback'
      ? await rollbackTarget(deps, run, project, environment)
      : command.version !== undefined
        ? await candidateTarget(deps, project, command.version)
        : await headTarget(deps, run);
  if ('refusal' in what)
    return refused(what.refusal === 'no-target' ? replies.noRollbackTarget(place) : what.refusal);

  const view = await deps.deployments.order({
    project,
    environment,
    candidate: what.candidate,
    commitSha: what.commitSha,
    requester,
    ...(what.reason ? { reason: what.reason } : {}),
    audit: command.kind === 'rollback' ? 'rollback_requested' : 'deploy_requested',
  });
  const links = deploymentLinks(view, githubEnvironmentName(project, environment, several ? 2 : 1), {
    publicUrl: deps.links.publicUrl,
    repoWebUrl: repoWebUrl(run.event.pullRequestUrl),
  });
  if (view.deployment.status === 'failure') {
    // The deploy workflow could not be dispatched: the deployment ended at once, saying why.
    const reason = view.deployment.history.at(-1)?.reason ?? 'the deploy workflow could not be dispatched';
    return refused(replies.dispatchFailed(what.label, place, view.deployment.id, reason));
  }
  if (view.deployment.status !== 'blocked') {
    return succeeded(replies.deploying(what.label, place, view.deployment.id, links));
  }
  const rules = approvalRulesOf(environment).map((rule) => describeRule(rule, ownerOf(project)));
  return succeeded(
    replies.waitingForApprovals(what.label, place, view.deployment.id, rules, run.event.author, links),
  );
}

/** The pull request's head, unless it moved after the comment was written. */
async function headTarget(deps: CommandDependencies, run: CommandRun): Promise<What | { refusal: string }> {
  const pull = await run.pull();
  if (pull.state !== 'open') return { refusal: replies.pullRequestClosed(pull.number) };
  const seen = await deps.pullRequests.seen(run.pullRequest);
  if (seen?.headSha === pull.headSha && Date.parse(seen.headUpdatedAt) > Date.parse(run.event.createdAt)) {
    return { refusal: replies.headMoved(pull.headSha, seen.headUpdatedAt) };
  }
  if (seen && seen.headSha !== pull.headSha) {
    // A push Shiplog has not heard of yet: when it happened is unknown, so it may be after the
    // comment. Noting the head now lets the next comment, written after this moment, deploy it.
    const at = await deps.pullRequests.headSeen(run.pullRequest, pull.headSha, deps.now().toISOString());
    return { refusal: replies.headMoved(pull.headSha, at) };
  }
  return { candidate: undefined, commitSha: pull.headSha, label: replies.headOf(pull.headSha, pull.number) };
}

async function candidateTarget(
  deps: CommandDependencies,
  project: ProjectRecord,
  version: string,
): Promise<What> {
  const candidate = await deps.releases.candidateOf(project, version);
  return {
    candidate,
    commitSha: candidate.commitSha,
    label: replies.candidate(candidate.version, candidate.commitSha),
  };
}

async function rollbackTarget(
  deps: CommandDependencies,
  run: CommandRun,
  project: ProjectRecord,
  environment: EnvironmentRecord,
): Promise<What | { refusal: 'no-target' }> {
  const { current, target } = await deps.deployments.rollbackChoice(project, environment);
  const candidate = target?.candidate;
  if (!candidate) return { refusal: 'no-target' };
  const from = current?.candidate?.version ?? (current ? shortSha(current.deployment.commitSha) : null);
  return {
    candidate,
    commitSha: candidate.commitSha,
    label: `${replies.candidate(candidate.version, candidate.commitSha)}${replies.rollingBackFrom(from)}`,
    reason: `Rollback${from ? ` from ${from}` : ''} asked by @${run.event.author} on #${run.event.number}`,
  };
}
