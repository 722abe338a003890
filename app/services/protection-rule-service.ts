/**
 * Shiplog as a GitHub custom deployment protection rule: an Actions job with `environment:` waits
 * until Shiplog answers. The answer comes from the same rules as Shiplog's own deployments: rejected
 * while someone else holds the environment's lock, approved at once without approval rules, otherwise
 * approved (or rejected) when `/approve` and `/reject` on the pull request decide it.
 */
import type { Logger } from 'pino';
import { describeRule } from '../approvals/approval-rules.js';
import { protectionNotices } from '../commands/messages.js';
import { isFinalStatus } from '../../shared/deployment-status.js';
import { protectionRuleRunId, type GitHubGateway } from '../github/gateway.js';
import { describeFreeze } from '../freezes/freeze-rules.js';
import { requesterOwners } from '../locks/lock-rules.js';
import type { DeploymentRecord, LockOwner } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { ApprovalService } from './approval-service.js';
import { ownerOf } from './approval-service.js';
import { recordAudit } from './audit.js';
import { gateOf, insertWaitingRequest } from './deployment-gate.js';
import { findByGitHubEnvironment } from './environment-match.js';
import type { LockService } from './lock-service.js';

/** The fields of a `deployment_protection_rule.requested` payload Shiplog reads. */
export interface ProtectionRuleRequest {
  readonly repo: string;
  /** The environment's name on GitHub. */
  readonly environment: string;
  readonly callbackUrl: string;
  readonly deployment: { readonly id: number; readonly sha: string; readonly creator: string | null } | null;
  /** Pull requests of the deployment's branch: their locks let it through, and they hear about approvals. */
  readonly pullRequests: readonly number[];
  readonly sender: string;
}

export type ProtectionAnswer = 'approved' | 'rejected' | 'waiting';

export class ProtectionRuleService {
  constructor(
    private readonly store: Store,
    private readonly github: Pick<GitHubGateway, 'reviewProtectionRule' | 'createComment'>,
    private readonly approvals: Pick<ApprovalService, 'replay'>,
    private readonly locks: Pick<LockService, 'state'>,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async requested(request: ProtectionRuleRequest): Promise<ProtectionAnswer> {
    const { repo, environment: name } = request;
    const match = await findByGitHubEnvironment(this.store, repo, name);
    if (!match) {
      await this.answer(request, 'approved', protectionNotices.unknownEnvironment(name));
      return 'approved';
    }
    const { project, environment } = match;
    const audit = {
      projectId: project.id,
      environmentId: environment.id,
      actor: request.deployment?.creator ?? request.sender,
      pullRequest: request.pullRequests[0] === undefined ? null : { repo, number: request.pullRequests[0] },
      source: 'github' as const,
    };

    // The run's pull requests pass their locks, and so does the person who started it (an API lock in
    // their name), as for any deployment Shiplog admits.
    const owners: LockOwner[] = [
      ...request.pullRequests.map((number) => ({ kind: 'pull_request' as const, repo, number })),
      ...requesterOwners({ login: audit.actor, pullRequest: null }),
    ];
    /** Answers GitHub for good, recorded in the audit trail first. */
    const decide = async (state: 'approved' | 'rejected', comment: string): Promise<ProtectionAnswer> => {
      await this.store.transaction((tx) =>
        recordAudit(tx, this.now().toISOString(), {
          ...audit,
          action: `protection_rule_${state}`,
          reason: comment,
        }),
      );
      await this.answer(request, state, comment);
      return state;
    };

    // The lock as it stands once an expired one has passed on (`state` settles it).
    const { lock } = await this.locks.state(project, environment);
    const gate = gateOf(environment, lock, owners, this.now());
    if (gate.kind === 'frozen') {
      return decide('rejected', protectionNotices.frozen(name, describeFreeze(gate.freeze)));
    }
    // A run Shiplog dispatched for one of its deployments: that deployment passed the lock and the
    // approvals already (its run is on the default branch, so no pull request of it would pass the lock).
    const dispatched = await this.dispatchedFor(request, environment.id);
    if (dispatched) return decide('approved', protectionNotices.dispatched(dispatched.id));
    if (gate.kind === 'locked') return decide('rejected', protectionNotices.locked(name, gate.lock));
    const { rules } = gate;
    if (rules.length === 0 || request.deployment === null) {
      return decide('approved', protectionNotices.approved([]));
    }

    const deployment = request.deployment;
    const described = rules.map((rule) => describeRule(rule, ownerOf(project)));
    const existing = await this.store.getApprovalRequestByGitHubDeployment(deployment.id);
    if (existing && existing.state !== 'waiting') {
      // Asked again about a request already decided: answer the same.
      await this.approvals.replay({ ...existing, githubAnsweredAt: null }, repo);
      return existing.state;
    }
    if (!existing) {
      await this.store.transaction(async (tx) => {
        const at = this.now().toISOString();
        const created = await insertWaitingRequest(tx, {
          projectId: project.id,
          environmentId: environment.id,
          deploymentId: null,
          githubDeploymentId: deployment.id,
          callbackUrl: request.callbackUrl,
          githubEnvironment: name,
          commitSha: deployment.sha,
          requestedBy: deployment.creator ?? request.sender,
          pullRequest: audit.pullRequest,
          createdAt: at,
        });
        await recordAudit(tx, at, {
          ...audit,
          action: 'protection_rule_waiting',
          reason: `approval request ${created.id}: ${described.join('; ')}`,
        });
      });
    }
    // A note without a state: GitHub shows it on the run and keeps waiting.
    await this.answer(request, undefined, protectionNotices.waitingNote(described));
    for (const number of request.pullRequests) {
      try {
        await this.github.createComment(
          repo,
          number,
          protectionNotices.waiting(name, deployment.sha, described),
        );
      } catch (error) {
        this.log.warn({ err: error, repo, pullRequest: number }, 'could not announce a waiting deployment');
      }
    }
    return 'waiting';
  }

  /** The Shiplog deployment, admitted and not ended, whose deploy workflow run this request is about. */
  private async dispatchedFor(
    request: ProtectionRuleRequest,
    environmentId: number,
  ): Promise<DeploymentRecord | undefined> {
    const runId = protectionRuleRunId(request.repo, request.callbackUrl);
    if (runId === undefined) return undefined;
    return (await this.store.listDeploymentsByRun(runId)).find(
      (deployment) =>
        deployment.environmentId === environmentId &&
        deployment.status !== 'blocked' &&
        !isFinalStatus(deployment.status),
    );
  }

  private async answer(
    request: ProtectionRuleRequest,
    state: 'approved' | 'rejected' | undefined,
    comment: string,
  ): Promise<void> {
    await this.github.reviewProtectionRule(request.repo, request.callbackUrl, {
      environment: request.environment,
      comment,
      ...(state ? { state } : {}),
    });
  }
}
