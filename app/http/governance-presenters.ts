/**
 * Approvals, locks and the audit trail to their JSON shapes: what gates deployments, and the record of
 * who opened or closed those gates.
 */
import type { Approvals, AuditEvent, LockState } from '../../shared/api/schemas.js';
import type { ApprovalView } from '../services/approval-service.js';
import type { AuditView } from '../services/audit.js';
import type { LockView } from '../services/manual-lock-service.js';
import type { LockOwner } from '../store/records.js';

const presentOwner = (owner: LockOwner) => ({
  pull_request: owner.kind === 'pull_request' ? owner.number : null,
  user: owner.kind === 'user' ? owner.login : null,
});

export const presentApprovals = ({
  environment,
  request,
  approvals,
  evaluation,
}: ApprovalView): Approvals => ({
  deployment_id: request.deploymentId,
  github_deployment_id: request.githubDeploymentId,
  environment: environment.name,
  state: request.state,
  requested_by: request.requestedBy,
  pull_request: request.pullRequest?.number ?? null,
  rules: evaluation.rules.map(({ rule, approvedBy, missing }) => ({
    count: rule.count,
    users: [...rule.users],
    teams: [...rule.teams],
    approved_by: [...approvedBy],
    missing,
  })),
  approvals: approvals.map((approval) => ({
    user: approval.login,
    decision: approval.decision,
    comment: approval.comment,
    source: approval.source,
    created_at: approval.createdAt,
  })),
  created_at: request.createdAt,
  decided_at: request.decidedAt,
});

export const presentLockState = (view: LockView & { readonly outcome?: string }): LockState => ({
  environment: view.environment.name,
  ...(view.outcome ? { outcome: view.outcome } : {}),
  lock: view.lock
    ? {
        owner: presentOwner(view.lock.owner),
        locked_by: view.lock.lockedBy,
        reason: view.lock.reason,
        created_at: view.lock.createdAt,
        expires_at: view.lock.expiresAt,
      }
    : null,
  queue: view.queue.map((entry) => ({
    owner: presentOwner(entry.owner),
    requested_by: entry.requestedBy,
    reason: entry.reason,
    created_at: entry.createdAt,
  })),
});

export const presentAuditEvent = ({ event, environment }: AuditView): AuditEvent => ({
  id: event.id,
  action: event.action,
  actor: event.actor,
  environment,
  deployment_id: event.deploymentId,
  pull_request: event.pullRequest?.number ?? null,
  reason: event.reason,
  source: event.source,
  at: event.at,
});
