/**
 * The one store interface of the App. Services depend on this, never on lowdb or SQL.
 *
 * Reads are async so an implementation backed by a database server fits behind it unchanged. Writes go
 * through {@link Store.transaction}: the work sees its own changes, is atomic (all or nothing, isolated
 * from other transactions) and the returned promise resolves only once the changes are durable.
 */
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
  LockOwner,
  LockQueueRecord,
  LockRecord,
  New,
  ProjectRecord,
  PullRequestRecord,
  PullRequestRef,
  ReleaseRecord,
  RepoConfigRecord,
  TokenRecord,
} from './records.js';

export interface PageRequest {
  /** 1-based page number. */
  readonly page: number;
  readonly perPage: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
}

export interface StoreReader {
  getProject(name: string): Promise<ProjectRecord | undefined>;
  getProjectById(id: number): Promise<ProjectRecord | undefined>;
  listProjects(): Promise<ProjectRecord[]>;
  /** Projects of a repository (`org/repo`, any case). */
  listProjectsByRepo(repo: string): Promise<ProjectRecord[]>;

  getEnvironment(projectId: number, name: string): Promise<EnvironmentRecord | undefined>;
  getEnvironmentById(id: number): Promise<EnvironmentRecord | undefined>;
  listEnvironments(projectId: number): Promise<EnvironmentRecord[]>;

  /** Looks a token up by the SHA-256 of its value. */
  getTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  listTokens(projectId: number): Promise<TokenRecord[]>;

  getRelease(projectId: number, version: string): Promise<ReleaseRecord | undefined>;
  /** Newest first. */
  listReleases(projectId: number, page: PageRequest): Promise<Page<ReleaseRecord>>;

  getCandidate(projectId: number, version: string): Promise<CandidateRecord | undefined>;
  getCandidateById(id: number): Promise<CandidateRecord | undefined>;
  /** Oldest first. */
  listCandidates(releaseId: number): Promise<CandidateRecord[]>;

  getDeployment(id: number): Promise<DeploymentRecord | undefined>;
  /** The newest deployment of a candidate in an environment. */
  getLatestDeployment(environmentId: number, candidateId: number): Promise<DeploymentRecord | undefined>;
  /** The newest deployment of the environment whose status is `status`. */
  findNewestDeployment(
    environmentId: number,
    status?: DeploymentRecord['status'],
  ): Promise<DeploymentRecord | undefined>;
  /** Newest first. */
  listDeployments(environmentId: number, page: PageRequest): Promise<Page<DeploymentRecord>>;
  countDeployments(environmentId: number): Promise<number>;

  /** The candidate whose build is the workflow run `runId`. */
  getCandidateByBuildRun(runId: number): Promise<CandidateRecord | undefined>;
  /** The deployment mirrored as (or reconciled from) GitHub deployment `githubDeploymentId`. */
  getDeploymentByGitHubId(githubDeploymentId: number): Promise<DeploymentRecord | undefined>;
  /** Deployments with mirror work left (`mirror.state` pending), oldest first. */
  listMirrorPending(): Promise<DeploymentRecord[]>;
  /** Deployments still `pending` or `in_progress`, oldest first. */
  listActiveDeployments(): Promise<DeploymentRecord[]>;
  /** Deployments reported from a workflow run. */
  listDeploymentsByRun(runId: number): Promise<DeploymentRecord[]>;

  getIdempotencyRecord(scope: string): Promise<IdempotencyRecord | undefined>;
  getDelivery(deliveryId: string): Promise<DeliveryRecord | undefined>;
  getRepoConfig(repo: string): Promise<RepoConfigRecord | undefined>;

  /** The environment's unreleased lock (it may have expired: the caller compares `expiresAt`). */
  getActiveLock(environmentId: number): Promise<LockRecord | undefined>;
  /** Unreleased locks held by `owner`. */
  listActiveLocksOf(owner: LockOwner): Promise<LockRecord[]>;
  /** Who waits for the environment's lock, first in line first. */
  listLockQueue(environmentId: number): Promise<LockQueueRecord[]>;
  /** The queue places `owner` still holds, in any environment. */
  listLockQueueOf(owner: LockOwner): Promise<LockQueueRecord[]>;

  getApprovalRequest(id: number): Promise<ApprovalRequestRecord | undefined>;
  getApprovalRequestByDeployment(deploymentId: number): Promise<ApprovalRequestRecord | undefined>;
  getApprovalRequestByGitHubDeployment(
    githubDeploymentId: number,
  ): Promise<ApprovalRequestRecord | undefined>;
  /**
   * Requests asked from a pull request that are still open (see `isOpen` in records.ts): waiting for
   * decisions, or decided while GitHub has not yet taken the answer. Oldest first.
   */
  listOpenApprovalRequests(pullRequest: PullRequestRef): Promise<ApprovalRequestRecord[]>;
  /** Decisions on a request, oldest first. */
  listApprovals(requestId: number): Promise<ApprovalRecord[]>;

  /** Newest first. */
  listAuditEvents(projectId: number, page: PageRequest): Promise<Page<AuditRecord>>;
  getCommand(key: string): Promise<CommandRecord | undefined>;
  getPullRequest(pullRequest: PullRequestRef): Promise<PullRequestRecord | undefined>;
}

export interface StoreWriter extends StoreReader {
  insertProject(project: New<ProjectRecord>): Promise<ProjectRecord>;
  updateProject(project: ProjectRecord): Promise<void>;
  insertEnvironment(environment: New<EnvironmentRecord>): Promise<EnvironmentRecord>;
  updateEnvironment(environment: EnvironmentRecord): Promise<void>;
  deleteEnvironment(id: number): Promise<void>;
  insertToken(token: New<TokenRecord>): Promise<TokenRecord>;
  updateToken(token: TokenRecord): Promise<void>;
  insertRelease(release: New<ReleaseRecord>): Promise<ReleaseRecord>;
  insertCandidate(candidate: New<CandidateRecord>): Promise<CandidateRecord>;
  updateCandidate(candidate: CandidateRecord): Promise<void>;
  insertDeployment(deployment: New<DeploymentRecord>): Promise<DeploymentRecord>;
  updateDeployment(deployment: DeploymentRecord): Promise<void>;
  insertIdempotencyRecord(record: New<IdempotencyRecord>): Promise<IdempotencyRecord>;
  insertDelivery(delivery: New<DeliveryRecord>): Promise<DeliveryRecord>;
  /** Inserts or replaces the configuration record of `config.repo`. */
  putRepoConfig(config: New<RepoConfigRecord>): Promise<RepoConfigRecord>;
  insertLock(lock: New<LockRecord>): Promise<LockRecord>;
  updateLock(lock: LockRecord): Promise<void>;
  insertLockQueueEntry(entry: New<LockQueueRecord>): Promise<LockQueueRecord>;
  updateLockQueueEntry(entry: LockQueueRecord): Promise<void>;
  insertApprovalRequest(request: New<ApprovalRequestRecord>): Promise<ApprovalRequestRecord>;
  updateApprovalRequest(request: ApprovalRequestRecord): Promise<void>;
  insertApproval(approval: New<ApprovalRecord>): Promise<ApprovalRecord>;
  insertAuditEvent(event: New<AuditRecord>): Promise<AuditRecord>;
  insertCommand(command: New<CommandRecord>): Promise<CommandRecord>;
  updateCommand(command: CommandRecord): Promise<void>;
  /** Inserts or replaces the record of the pull request `record.repo`#`record.number`. */
  putPullRequest(record: New<PullRequestRecord>): Promise<PullRequestRecord>;
}

export interface Store extends StoreReader {
  /**
   * Runs `work` atomically and resolves once its changes are durable. If `work` throws, none of its
   * changes are kept and the error is rethrown.
   */
  transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /**
   * Changes whenever data a read could see changes (a write applied or undone), so an answer computed
   * from the store can be reused for as long as the revision stays the same. Undefined when this store
   * cannot tell (another process may write to the same database): nothing is then reused.
   */
  readonly revision: number | undefined;
  /** Flushes what is pending and releases the store's resources. */
  close(): Promise<void>;
}
