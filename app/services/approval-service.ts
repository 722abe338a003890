/**
 * Approvals: what waits for them, who may give them, and what happens when they are complete. Every
 * rule of the environment must be met, each approver counts for one rule only, the deployer never
 * counts, and one rejection from an approver (or the deployer) cancels. The same requests hold Shiplog
 * deployments `blocked` and GitHub deployments behind Shiplog's deployment protection rule; GitHub is
 * answered once the request is decided.
 */
import type { Logger } from 'pino';
import {
  type Approver,
  describeRule,
  evaluateApprovals,
  type ApprovalEvaluation,
  needsWriteAccess,
  normalizeLogin,
  qualifies,
  teamsOf,
} from '../approvals/approval-rules.js';
import { protectionNotices } from '../commands/messages.js';
import { ApiError, conflict, forbidden, notFound } from '../errors.js';
import type { GitHubGateway } from '../github/gateway.js';
import { GitHubUnavailableError } from '../github/gateway.js';
import { messages } from '../messages.js';
import type {
  ApprovalRecord,
  ApprovalRequestRecord,
  ApprovalRule,
  DeploymentRecord,
  EnvironmentRecord,
  ProjectRecord,
  PullRequestRef,
} from '../store/records.js';
import type { Store } from '../store/store.js';
import { recordAudit } from './audit.js';
import type { Principal } from './auth-service.js';
import { approvalRulesOf } from './deployment-gate.js';
import type { DeploymentService } from './deployment-service.js';
import type { ProjectService } from './project-service.js';

export interface Decision {
  readonly login: string;
  readonly decision: 'approved' | 'rejected';
  readonly comment?: string | undefined;
  readonly source: 'comment' | 'api';
}

/** Why a decision counted for nothing. */
export type RefusalReason = 'self' | 'not-approver' | 'already' | 'decided';

export type DecisionOutcome =
  | {
      readonly kind: 'approved';
      readonly request: ApprovalRequestRecord;
      readonly evaluation: ApprovalEvaluation;
      /** Every rule is met: the deployment starts (or GitHub was told). */
      readonly completed: boolean;
      /** Set when GitHub could not be told of a completed protection-rule request. */
      readonly githubError?: string;
    }
  | { readonly kind: 'rejected'; readonly request: ApprovalRequestRecord; readonly githubError?: string }
  | { readonly kind: 'refused'; readonly request: ApprovalRequestRecord; readonly reason: RefusalReason };

/** A request with its environment, rules, decisions and where they stand. */
export interface ApprovalView {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
  readonly request: ApprovalRequestRecord;
  readonly rules: readonly ApprovalRule[];
  readonly approvals: readonly ApprovalRecord[];
  readonly evaluation: ApprovalEvaluation;
}

/** The repository owner: a bare team slug in a rule belongs to its organization. */
export const ownerOf = (project: ProjectRecord): string => project.repo.split('/')[0] ?? '';

/** `1 more from @acme/sre` for each rule still short. */
export function missingApprovals(evaluation: ApprovalEvaluation, owner: string): string[] {
  return evaluation.rules
    .filter((progress) => progress.missing > 0)
    .map((progress) => describeRule({ ...progress.rule, count: progress.missing }, owner));
}

export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly github: Pick<
      GitHubGateway,
      'enabled' | 'repositoryAccess' | 'isTeamMember' | 'reviewProtectionRule'
    >,
    private readonly projects: Pick<ProjectService, 'requireProject'>,
    private readonly deployments: Pick<DeploymentService, 'decide' | 'decided'>,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Requests asked from a pull request that are still open, oldest first: waiting for decisions, or
   * decided while GitHub's protection rule has not taken the answer (deciding one again tells GitHub).
   */
  openFor(pullRequest: PullRequestRef): Promise<ApprovalRequestRecord[]> {
    return this.store.listOpenApprovalRequests(pullRequest);
  }

  /** A request with its environment's rules, its decisions and where they stand now. */
  async view(request: ApprovalRequestRecord): Promise<ApprovalView> {
    const [project, environment] = await Promise.all([
      this.store.getProjectById(request.projectId),
      this.store.getEnvironmentById(request.environmentId),
    ]);
    if (!project || !environment) throw new Error(`approval request ${request.id} lost its environment`);
    const rules = approvalRulesOf(environment);
    const approvals = await this.store.listApprovals(request.id);
    const evaluation = evaluateApprovals(
      rules,
      approversOf(approvals),
      request.requestedBy,
      ownerOf(project),
    );
    return { project, environment, request, rules, approvals, evaluation };
  }

  /**
   * One person's decision on several requests (a `/approve` comment on a pull request that waits in
   * several environments), in order, each with its view as it stood before. Everything GitHub is asked
   * about the person (once, however many requests they decide) is asked before the first decision is
   * recorded: when GitHub fails, no decision is, and "nothing was done" is true.
   */
  async decideEach(
    requests: readonly ApprovalRequestRecord[],
    decision: Decision,
  ): Promise<{ view: ApprovalView; outcome: DecisionOutcome }[]> {
    const lookups = new ApproverLookups(this.github);
    const views = await Promise.all(requests.map((request) => this.view(request)));
    const login = loginOf(decision);
    await Promise.all(
      views.map(({ project, rules }) =>
        this.approverOf(project.repo, login, rules, ownerOf(project), lookups),
      ),
    );
    const decided: { view: ApprovalView; outcome: DecisionOutcome }[] = [];
    for (const view of views) decided.push({ view, outcome: await this.decideIn(view, decision, lookups) });
    return decided;
  }

  /**
   * Records one person's approval or rejection. Eligibility (write access, team memberships) is asked
   * of GitHub (through `lookups`) and kept with the decision, so the trail shows why it counted.
   */
  private async decideIn(
    { project, environment, rules, request }: ApprovalView,
    decision: Decision,
    lookups: ApproverLookups,
  ): Promise<DecisionOutcome> {
    const owner = ownerOf(project);
    const login = loginOf(decision);
    const isDeployer =
      request.requestedBy !== null && normalizeLogin(request.requestedBy) === normalizeLogin(login);
    if (request.state !== 'waiting') return this.replay(request, project.repo);
    if (decision.decision === 'approved' && isDeployer) return { kind: 'refused', request, reason: 'self' };
    const approver = await this.approverOf(project.repo, login, rules, owner, lookups);
    const eligible = rules.length === 0 || rules.some((rule) => qualifies(rule, approver, owner));
    if (!eligible && !(decision.decision === 'rejected' && isDeployer)) {
      return { kind: 'refused', request, reason: 'not-approver' };
    }

    let moved: DeploymentRecord | undefined;
    /** What GitHub's protection rule is told, once the request is decided. */
    let answer = '';
    const outcome = await this.store.transaction(async (tx): Promise<DecisionOutcome> => {
      const at = this.now().toISOString();
      const current = (await tx.getApprovalRequest(request.id)) ?? request;
      if (current.state !== 'waiting') return { kind: 'refused', request: current, reason: 'decided' };
      const previous = await tx.listApprovals(current.id);
      const already = previous.some(
        (a) => a.decision === 'approved' && normalizeLogin(a.login) === normalizeLogin(login),
      );
      if (decision.decision === 'approved' && already)
        return { kind: 'refused', request: current, reason: 'already' };
      const approval = await tx.insertApproval({
        requestId: current.id,
        login,
        decision: decision.decision,
        comment: decision.comment ?? null,
        writeAccess: approver.writeAccess,
        teams: approver.teams,
        source: decision.source,
        createdAt: at,
      });
      const audit = {
        projectId: project.id,
        environmentId: environment.id,
        deploymentId: current.deploymentId,
        actor: login,
        pullRequest: current.pullRequest,
        source: decision.source,
      };
      await recordAudit(tx, at, { ...audit, action: decision.decision, reason: decision.comment ?? null });
      const evaluation = evaluateApprovals(
        rules,
        approversOf([...previous, approval]),
        current.requestedBy,
        owner,
      );
      if (decision.decision === 'approved' && !evaluation.satisfied) {
        return { kind: 'approved', request: current, evaluation, completed: false };
      }
      const state = decision.decision;
      const decided: ApprovalRequestRecord = { ...current, state, decidedAt: at };
      await tx.updateApprovalRequest(decided);
      const why =
        state === 'approved'
          ? protectionNotices.approved(evaluation.rules.flatMap((r) => r.approvedBy))
          : protectionNotices.rejected(login, decision.comment);
      answer = why;
      if (current.deploymentId !== null)
        moved = await this.deployments.decide(tx, current.deploymentId, state, why);
      if (current.callbackUrl !== null) {
        const action = state === 'approved' ? 'protection_rule_approved' : 'protection_rule_rejected';
        await recordAudit(tx, at, { ...audit, action, reason: why, source: 'github' });
      }
      return state === 'approved'
        ? { kind: 'approved', request: decided, evaluation, completed: true }
        : { kind: 'rejected', request: decided };
    });
    if (moved) await this.deployments.decided(moved);
    if (outcome.kind === 'refused' || (outcome.kind === 'approved' && !outcome.completed)) return outcome;
    const githubError = await this.answerGitHub(outcome.request, project.repo, answer);
    return githubError === undefined ? outcome : { ...outcome, githubError };
  }

  /**
   * A decided request: GitHub is told again if it never took the answer (it was down); otherwise the
   * decision counts for nothing.
   */
  async replay(request: ApprovalRequestRecord, repo: string): Promise<DecisionOutcome> {
    if (request.state === 'waiting' || request.callbackUrl === null || request.githubAnsweredAt !== null) {
      return { kind: 'refused', request, reason: 'decided' };
    }
    const { approvals, evaluation } = await this.view(request);
    const githubError = await this.answerGitHub(
      request,
      repo,
      decisionNotice(request, approvals, evaluation),
    );
    const extra = githubError === undefined ? {} : { githubError };
    if (request.state === 'rejected') return { kind: 'rejected', request, ...extra };
    return { kind: 'approved', request, evaluation, completed: true, ...extra };
  }

  /** Through the API: decides the request of a deployment on behalf of `decision.login`. */
  async decideForDeployment(
    principal: Principal,
    projectName: string,
    deploymentId: number,
    decision: Decision,
  ): Promise<ApprovalView> {
    // Any job of the repository holds an OIDC token: letting it name an approver would let a deploy
    // job approve its own deployment.
    if (principal.kind === 'oidc') throw forbidden(messages.workflowDecision(deploymentId));
    const before = await this.view(await this.requestOf(principal, projectName, deploymentId));
    let outcome: DecisionOutcome;
    try {
      outcome = await this.decideIn(before, decision, new ApproverLookups(this.github));
    } catch (error) {
      if (error instanceof GitHubUnavailableError)
        throw new ApiError(503, messages.githubUnavailable(error.message));
      throw error;
    }
    if (outcome.kind === 'refused') {
      switch (outcome.reason) {
        case 'decided':
          throw conflict(messages.approvalDecided(deploymentId, outcome.request.state));
        case 'already':
          return this.view(outcome.request);
        case 'self':
          throw forbidden(messages.selfApproval(decision.login, deploymentId));
        case 'not-approver':
          throw forbidden(
            messages.notAnApprover(
              decision.login,
              before.environment.name,
              before.rules.map((r) => describeRule(r, ownerOf(before.project))).join('; '),
            ),
          );
      }
    }
    // As it stands now, GitHub's answer noted.
    return this.view((await this.store.getApprovalRequest(outcome.request.id)) ?? outcome.request);
  }

  /** Through the API: where a deployment's approvals stand. */
  async viewForDeployment(
    principal: Principal,
    projectName: string,
    deploymentId: number,
  ): Promise<ApprovalView> {
    return this.view(await this.requestOf(principal, projectName, deploymentId));
  }

  private async requestOf(
    principal: Principal,
    projectName: string,
    deploymentId: number,
  ): Promise<ApprovalRequestRecord> {
    const project = await this.projects.requireProject(principal, projectName);
    const deployment = await this.store.getDeployment(deploymentId);
    if (!deployment || deployment.projectId !== project.id) {
      throw notFound(messages.deploymentNotFound(project.name, deploymentId));
    }
    const githubId = deployment.mirror.githubDeploymentId;
    const request =
      (await this.store.getApprovalRequestByDeployment(deploymentId)) ??
      (githubId === null ? undefined : await this.store.getApprovalRequestByGitHubDeployment(githubId));
    if (!request) throw conflict(messages.noApprovalRequest(deploymentId));
    return request;
  }

  /** What GitHub says about `login` that the rules care about. */
  private async approverOf(
    repo: string,
    login: string,
    rules: readonly ApprovalRule[],
    owner: string,
    lookups: ApproverLookups,
  ): Promise<Approver> {
    const teams = teamsOf(rules, owner);
    const askWrite = needsWriteAccess(rules);
    if (!this.github.enabled) {
      if (teams.length > 0 || askWrite) throw new ApiError(503, messages.approvalNeedsGitHub);
      return { login, writeAccess: false, teams: [] };
    }
    const writeAccess = askWrite ? await lookups.hasWriteAccess(repo, login) : false;
    const memberships = await Promise.all(teams.map((team) => lookups.isTeamMember(repo, team, login)));
    return { login, writeAccess, teams: teams.filter((_, index) => memberships[index]) };
  }

  /**
   * Answers GitHub's deployment protection rule of a decided request with `comment` and notes that it
   * did; returns GitHub's error, if any (the request stays to be told).
   */
  private async answerGitHub(
    request: ApprovalRequestRecord,
    repo: string,
    comment: string,
  ): Promise<string | undefined> {
    if (request.callbackUrl === null || request.githubEnvironment === null || request.state === 'waiting') {
      return undefined;
    }
    try {
      await this.github.reviewProtectionRule(repo, request.callbackUrl, {
        environment: request.githubEnvironment,
        state: request.state,
        comment,
      });
    } catch (error) {
      this.log.warn({ err: error, request: request.id }, 'could not answer the deployment protection rule');
      return (error as Error).message;
    }
    await this.store.transaction(async (tx) => {
      const current = await tx.getApprovalRequest(request.id);
      if (current) await tx.updateApprovalRequest({ ...current, githubAnsweredAt: this.now().toISOString() });
    });
    return undefined;
  }
}

/** What GitHub is told of a decided request: who approved it, or who rejected it and why. */
function decisionNotice(
  request: ApprovalRequestRecord,
  approvals: readonly ApprovalRecord[],
  evaluation: ApprovalEvaluation,
): string {
  const rejection = approvals.filter((a) => a.decision === 'rejected').at(-1);
  return request.state === 'approved' || !rejection
    ? protectionNotices.approved(evaluation.rules.flatMap((r) => r.approvedBy))
    : protectionNotices.rejected(rejection.login, rejection.comment ?? undefined);
}

/** The login a decision is made under, without its `@`. */
const loginOf = (decision: Decision): string => decision.login.replace(/^@/, '');

/** GitHub's answers about people, each asked once for the life of one command or request. */
class ApproverLookups {
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(private readonly github: Pick<GitHubGateway, 'repositoryAccess' | 'isTeamMember'>) {}

  hasWriteAccess(repo: string, login: string): Promise<boolean> {
    return this.once(`write ${repo} ${login}`, async () =>
      ['admin', 'write'].includes((await this.github.repositoryAccess(repo, login)).permission),
    );
  }

  isTeamMember(repo: string, team: string, login: string): Promise<boolean> {
    return this.once(`team ${repo} ${team} ${login}`, () => this.github.isTeamMember(repo, team, login));
  }

  private once(key: string, ask: () => Promise<boolean>): Promise<boolean> {
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = ask();
      this.answers.set(key, answer);
    }
    return answer;
  }
}

function approversOf(approvals: readonly ApprovalRecord[]): Approver[] {
  return approvals
    .filter((approval) => approval.decision === 'approved')
    .map(({ login, writeAccess, teams }) => ({ login, writeAccess, teams }));
}
