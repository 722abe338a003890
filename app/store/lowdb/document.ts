/**
 * The shape of the embedded store's JSON document: its tables of records, and the in-memory indexes
 * built over them at load.
 */
import { lockOwnerKey, pullRequestKey } from '../keys.js';
import { isOpen } from '../records.js';
import type {
  ApprovalRecord,
  ApprovalRequestRecord,
  AuditRecord,
  CandidateRecord,
  CommandRecord,
  DeliveryRecord,
  DeploymentRecord,
  EnvironmentRecord,
  IdempotencyRecord,
  LockQueueRecord,
  LockRecord,
  ProjectRecord,
  PullRequestRecord,
  ReleaseRecord,
  RepoConfigRecord,
  TokenRecord,
} from '../records.js';
import { Table } from './table.js';

export const TABLES = [
  'projects',
  'environments',
  'tokens',
  'releases',
  'candidates',
  'deployments',
  'idempotency',
  'deliveries',
  'repoConfigs',
  'locks',
  'lockQueue',
  'approvalRequests',
  'approvals',
  'auditEvents',
  'commands',
  'pullRequests',
] as const;
export type TableName = (typeof TABLES)[number];

export interface Document {
  schema: 1;
  sequences: Record<TableName, number>;
  projects: Record<string, ProjectRecord>;
  environments: Record<string, EnvironmentRecord>;
  tokens: Record<string, TokenRecord>;
  releases: Record<string, ReleaseRecord>;
  candidates: Record<string, CandidateRecord>;
  deployments: Record<string, DeploymentRecord>;
  idempotency: Record<string, IdempotencyRecord>;
  deliveries: Record<string, DeliveryRecord>;
  repoConfigs: Record<string, RepoConfigRecord>;
  locks: Record<string, LockRecord>;
  lockQueue: Record<string, LockQueueRecord>;
  approvalRequests: Record<string, ApprovalRequestRecord>;
  approvals: Record<string, ApprovalRecord>;
  auditEvents: Record<string, AuditRecord>;
  commands: Record<string, CommandRecord>;
  pullRequests: Record<string, PullRequestRecord>;
}

export function emptyDocument(): Document {
  return {
    schema: 1,
    sequences: Object.fromEntries(TABLES.map((name) => [name, 0])) as Record<TableName, number>,
    projects: {},
    environments: {},
    tokens: {},
    releases: {},
    candidates: {},
    deployments: {},
    idempotency: {},
    deliveries: {},
    repoConfigs: {},
    locks: {},
    lockQueue: {},
    approvalRequests: {},
    approvals: {},
    auditEvents: {},
    commands: {},
    pullRequests: {},
  };
}

export const key = (...parts: (string | number)[]): string => parts.join('\u0000');

export function buildTables(doc: Document) {
  return {
    projects: new Table<ProjectRecord, 'name' | 'repo'>(
      doc.projects,
      { name: { key: (p) => p.name } },
      { repo: { key: (p) => p.repo.toLowerCase() } },
    ),
    environments: new Table<EnvironmentRecord, 'name' | 'project'>(
      doc.environments,
      { name: { key: (e) => key(e.projectId, e.name) } },
      { project: { key: (e) => String(e.projectId) } },
    ),
    tokens: new Table<TokenRecord, 'hash' | 'project'>(
      doc.tokens,
      { hash: { key: (t) => t.hash } },
      { project: { key: (t) => String(t.projectId) } },
    ),
    releases: new Table<ReleaseRecord, 'version' | 'project'>(
      doc.releases,
      { version: { key: (r) => key(r.projectId, r.version) } },
      { project: { key: (r) => String(r.projectId) } },
    ),
    candidates: new Table<CandidateRecord, 'version' | 'release' | 'buildRun'>(
      doc.candidates,
      {
        version: { key: (c) => key(c.projectId, c.version) },
        buildRun: {
          key: (c) =>
            c.build?.runId === undefined || c.build.runId === null ? undefined : String(c.build.runId),
        },
      },
      { release: { key: (c) => String(c.releaseId) } },
    ),
    deployments: new Table<
      DeploymentRecord,
      'environment' | 'candidateInEnvironment' | 'github' | 'mirror' | 'active' | 'run'
    >(
      doc.deployments,
      {
        github: {
          key: (d) =>
            d.mirror.githubDeploymentId === null ? undefined : String(d.mirror.githubDeploymentId),
        },
      },
      {
        environment: { key: (d) => String(d.environmentId) },
        candidateInEnvironment: {
          key: (d) => (d.candidateId === null ? undefined : key(d.environmentId, d.candidateId)),
        },
        mirror: { key: (d) => (d.mirror.state === 'pending' ? 'pending' : undefined) },
        active: { key: (d) => (d.status === 'pending' || d.status === 'in_progress' ? 'active' : undefined) },
        run: { key: (d) => (d.workflow ? String(d.workflow.runId) : undefined) },
      },
    ),
    idempotency: new Table<IdempotencyRecord, 'scope'>(doc.idempotency, { scope: { key: (r) => r.scope } }),
    deliveries: new Table<DeliveryRecord, 'delivery'>(doc.deliveries, {
      delivery: { key: (d) => d.deliveryId },
    }),
    repoConfigs: new Table<RepoConfigRecord, 'repo'>(doc.repoConfigs, { repo: { key: (c) => c.repo } }),
    locks: new Table<LockRecord, 'active' | 'owner'>(
      doc.locks,
      { active: { key: (l) => (l.releasedAt === null ? String(l.environmentId) : undefined) } },
      { owner: { key: (l) => (l.releasedAt === null ? lockOwnerKey(l.owner) : undefined) } },
    ),
    lockQueue: new Table<LockQueueRecord, 'environment' | 'owner'>(
      doc.lockQueue,
      {},
      {
        environment: { key: (q) => (q.leftAt === null ? String(q.environmentId) : undefined) },
        owner: { key: (q) => (q.leftAt === null ? lockOwnerKey(q.owner) : undefined) },
      },
    ),
    approvalRequests: new Table<ApprovalRequestRecord, 'deployment' | 'github' | 'open'>(
      doc.approvalRequests,
      {
        deployment: { key: (r) => (r.deploymentId === null ? undefined : String(r.deploymentId)) },
        github: { key: (r) => (r.githubDeploymentId === null ? undefined : String(r.githubDeploymentId)) },
      },
      {
        open: {
          key: (r) => (r.pullRequest !== null && isOpen(r) ? pullRequestKey(r.pullRequest) : undefined),
        },
      },
    ),
    approvals: new Table<ApprovalRecord, 'request'>(
      doc.approvals,
      {},
      { request: { key: (a) => String(a.requestId) } },
    ),
    auditEvents: new Table<AuditRecord, 'project'>(
      doc.auditEvents,
      {},
      { project: { key: (e) => String(e.projectId) } },
    ),
    commands: new Table<CommandRecord, 'key'>(doc.commands, { key: { key: (c) => c.key } }),
    pullRequests: new Table<PullRequestRecord, 'key'>(doc.pullRequests, {
      key: { key: (p) => pullRequestKey(p) },
    }),
  };
}
export type Tables = ReturnType<typeof buildTables>;
