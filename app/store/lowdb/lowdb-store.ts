/**
 * The embedded store: one JSON document managed by lowdb, indexed in memory. A group commit appends the
 * changed records to a journal and fsyncs it (cheap at any size); the whole document is rewritten
 * through lowdb's fsyncing adapter only when the journal has grown as big as the file, and on a clean
 * stop. Start-up reads the file and replays the journal. One instance per file, one process per file
 * (enforced by a lock file).
 */
import { existsSync } from 'node:fs';
import { Low } from 'lowdb';
import { lockOwnerKey, pullRequestKey } from '../keys.js';
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
} from '../records.js';
import type { Page, PageRequest, Store, StoreWriter } from '../store.js';
import { DurableJSONFile } from './durable-json-file.js';
import { acquireFileLock } from './file-lock.js';
import { GroupCommit } from './group-commit.js';
import { applyJournal, Journal, type JournalChange, readJournal } from './journal.js';
import {
  buildTables,
  type Document,
  emptyDocument,
  key,
  TABLES,
  type TableName,
  type Tables,
} from './document.js';
import type { Table } from './table.js';

/** The journal is compacted into the file once it is this big, or as big as the file, whichever is larger. */
const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;

export interface LowdbStoreOptions {
  /** Path of the JSON file; created with its directory when missing. The journal is `<path>.journal`. */
  readonly path: string;
  /** Smallest journal size that triggers a compaction (default 4 MiB; tests make it small). */
  readonly minCompactionBytes?: number;
  /**
   * Told when rewriting the file failed. Nothing is lost (every change is in the journal) and the commit
   * that triggered it still succeeds; the rewrite is tried again once the journal has grown as much again.
   */
  readonly onCompactionError?: (error: unknown) => void;
}

/** Opens (or creates) the data file and returns the store. Throws if another process holds the file. */
export async function openLowdbStore(options: LowdbStoreOptions): Promise<Store> {
  const release = acquireFileLock(options.path);
  try {
    const adapter = new DurableJSONFile<Document>(options.path, TABLES);
    const db = new Low<Document>(adapter, emptyDocument());
    const fresh = !existsSync(options.path);
    await db.read();
    const doc = { ...emptyDocument(), ...db.data };
    doc.sequences = { ...emptyDocument().sequences, ...doc.sequences };
    // What was acknowledged after the last full write is in the journal.
    const journalPath = `${options.path}.journal`;
    const { entries, validBytes } = await readJournal(journalPath);
    applyJournal(doc as unknown as Record<string, unknown>, entries);
    db.data = doc;
    // There is always a complete JSON file, from the first moment on.
    if (fresh) await db.write();
    const journal = await Journal.open(journalPath, validBytes);
    return new LowdbStore(db, adapter, journal, release, {
      minCompactionBytes: options.minCompactionBytes ?? MIN_COMPACTION_BYTES,
      onCompactionError: options.onCompactionError,
    });
  } catch (error) {
    release();
    throw error;
  }
}

function paginate<T>(
  ids: readonly number[],
  request: PageRequest,
  get: (id: number) => T | undefined,
): Page<T> {
  const end = ids.length - (request.page - 1) * request.perPage;
  const start = Math.max(0, end - request.perPage);
  const items: T[] = [];
  for (let i = end - 1; i >= start; i--) {
    const item = get(ids[i] as number);
    if (item !== undefined) items.push(item);
  }
  return { items, total: ids.length, page: request.page, perPage: request.perPage };
}

class LowdbStore implements Store, StoreWriter {
  private readonly tables: Tables;
  private readonly commits: GroupCommit;
  /** Serialises transactions: each one runs alone, start to finish. */
  private lock: Promise<unknown> = Promise.resolve();
  /** Undo steps of the running transaction, or undefined outside one. */
  private undo: (() => void)[] | undefined;
  /** Records the running transaction changed. */
  private touched: [TableName, number][] = [];
  /**
   * Records changed by committed transactions and not yet in the journal, with their values as
   * committed (records are immutable: a change replaces the object). The journal gets these values, never
   * what is in memory when it is written, which may hold a running transaction's uncommitted changes.
   */
  private dirty = new Map<TableName, Map<number, object | null>>();
  /** The id sequences as of the last commit, for the journal (a running transaction may have moved them). */
  private committedSequences: Document['sequences'];
  /** The rewrite of the whole file under way, if one is: it empties the journal when it ends. */
  private compacting: Promise<void> | undefined;
  /** Journal size that triggers rewriting the whole file and emptying the journal. */
  private compactAt: number;
  private closed = false;
  /** Bumped by every write and every rollback: see {@link Store.revision}. */
  private changes = 0;

  constructor(
    private readonly db: Low<Document>,
    private readonly adapter: DurableJSONFile<Document>,
    private readonly journal: Journal,
    private readonly releaseLock: () => void,
    private readonly compaction: {
      readonly minCompactionBytes: number;
      readonly onCompactionError: ((error: unknown) => void) | undefined;
    },
  ) {
    this.compactAt = this.nextCompactionBytes();
    this.committedSequences = { ...db.data.sequences };
    this.tables = buildTables(db.data);
    this.commits = new GroupCommit(() => this.persist());
  }

  get revision(): number {
    return this.changes;
  }

  async transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the store is closed');
    const run = this.lock.then(async () => {
      const undo: (() => void)[] = [];
      const sequences = { ...this.db.data.sequences };
      this.undo = undo;
      this.touched = [];
      try {
        const result = await work(this);
        for (const [table, id] of this.touched) this.markDirty(table, id, this.rowOf(table, id));
        this.committedSequences = { ...this.db.data.sequences };
        return { result, changed: undo.length > 0 };
      } catch (error) {
        for (const step of undo.reverse()) step();
        this.db.data.sequences = sequences;
        this.changes++;
        throw error;
      } finally {
        this.undo = undefined;
        this.touched = [];
      }
    });
    this.lock = run.catch(() => undefined);
    const { result, changed } = await run;
    if (changed) await this.commits.flush();
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock;
    await this.commits.settle();
    await this.compacting;
    try {
      // A clean stop leaves one complete JSON file and an empty journal.
      if (this.journal.size > 0 || this.dirty.size > 0) await this.compact();
    } finally {
      await this.journal.close();
      this.releaseLock();
    }
  }

  /**
   * One group commit: the changed records into the journal; when it has grown, a rewrite of the whole
   * file starts after it, and the callers are answered without waiting for that.
   */
  private async persist(): Promise<void> {
    // The rewrite empties the journal when it ends: nothing is appended meanwhile.
    await this.compacting;
    const dirty = this.dirty;
    this.dirty = new Map();
    const changes: JournalChange[] = [];
    for (const [table, rows] of dirty) {
      for (const [id, row] of rows) changes.push([table, String(id), row]);
    }
    try {
      await this.journal.append({ sequences: { ...this.committedSequences }, changes });
    } catch (error) {
      // Not on disk: the next commit carries these records too, unless it has a newer value of its own.
      for (const [table, rows] of dirty) {
        for (const [id, row] of rows) if (!this.dirty.get(table)?.has(id)) this.markDirty(table, id, row);
      }
      throw error;
    }
    if (this.journal.size < this.compactAt) return;
    this.compacting = this.compact()
      .catch((error: unknown) => {
        // Every change is in the journal still: the rewrite waits until it has grown as much again.
        this.compactAt = this.journal.size + this.nextCompactionBytes();
        this.compaction.onCompactionError?.(error);
      })
      .finally(() => {
        this.compacting = undefined;
      });
  }

  /** How much the journal may grow before the next rewrite: as much as the file, at least the minimum. */
  private nextCompactionBytes(): number {
    return Math.max(this.compaction.minCompactionBytes, this.adapter.fileBytes);
  }

  /**
   * Rewrites the whole file (lowdb, atomically, fsynced), then empties the journal. Changes committed
   * meanwhile are in `dirty` and go to the emptied journal; replaying one twice is harmless, as each
   * journal change is a record's whole value.
   */
  private async compact(): Promise<void> {
    // The snapshot (serialised synchronously when the write starts) is taken between transactions, so it
    // never holds a running transaction's changes, which a rollback could still take back.
    let written: Promise<void> | undefined;
    const snapshot = this.lock.then(() => {
      written = this.db.write();
    });
    this.lock = snapshot.catch(() => undefined);
    await snapshot;
    await written;
    await this.journal.clear();
    this.compactAt = this.nextCompactionBytes();
  }

  private markDirty(table: TableName, id: number, row: object | null): void {
    let rows = this.dirty.get(table);
    if (!rows) this.dirty.set(table, (rows = new Map()));
    rows.set(id, row);
  }

  private rowOf(table: TableName, id: number): object | null {
    return (this.db.data[table] as Record<string, object>)[id] ?? null;
  }

  // Reads

  async getProject(name: string) {
    return this.tables.projects.findUnique('name', name);
  }
  async getProjectById(id: number) {
    return this.tables.projects.get(id);
  }
  async listProjects() {
    return this.tables.projects.all().sort((a, b) => a.name.localeCompare(b.name));
  }
  async listProjectsByRepo(repo: string) {
    return this.rowsOf(this.tables.projects, 'repo', repo.toLowerCase());
  }
  async getEnvironment(projectId: number, name: string) {
    return this.tables.environments.findUnique('name', key(projectId, name));
  }
  async getEnvironmentById(id: number) {
    return this.tables.environments.get(id);
  }
  async listEnvironments(projectId: number) {
    return this.rowsOf(this.tables.environments, 'project', String(projectId));
  }
  async getTokenByHash(hash: string) {
    return this.tables.tokens.findUnique('hash', hash);
  }
  async listTokens(projectId: number) {
    return this.rowsOf(this.tables.tokens, 'project', String(projectId));
  }
  async getRelease(projectId: number, version: string) {
    return this.tables.releases.findUnique('version', key(projectId, version));
  }
  async listReleases(projectId: number, page: PageRequest) {
    const releases = this.tables.releases;
    return paginate(releases.groupIds('project', String(projectId)), page, (id) => releases.get(id));
  }
  async getCandidate(projectId: number, version: string) {
    return this.tables.candidates.findUnique('version', key(projectId, version));
  }
  async getCandidateById(id: number) {
    return this.tables.candidates.get(id);
  }
  async listCandidates(releaseId: number) {
    return this.rowsOf(this.tables.candidates, 'release', String(releaseId));
  }
  async getDeployment(id: number) {
    return this.tables.deployments.get(id);
  }
  async getLatestDeployment(environmentId: number, candidateId: number) {
    const ids = this.tables.deployments.groupIds('candidateInEnvironment', key(environmentId, candidateId));
    const last = ids.at(-1);
    return last === undefined ? undefined : this.tables.deployments.get(last);
  }
  async findNewestDeployment(environmentId: number, status?: DeploymentRecord['status']) {
    const ids = this.tables.deployments.groupIds('environment', String(environmentId));
    for (let i = ids.length - 1; i >= 0; i--) {
      const deployment = this.tables.deployments.get(ids[i] as number);
      if (deployment && (status === undefined || deployment.status === status)) return deployment;
    }
    return undefined;
  }
  async listDeployments(environmentId: number, page: PageRequest) {
    const deployments = this.tables.deployments;
    return paginate(deployments.groupIds('environment', String(environmentId)), page, (id) =>
      deployments.get(id),
    );
  }
  async countDeployments(environmentId: number) {
    return this.tables.deployments.groupIds('environment', String(environmentId)).length;
  }
  async getCandidateByBuildRun(runId: number) {
    return this.tables.candidates.findUnique('buildRun', String(runId));
  }
  async getDeploymentByGitHubId(githubDeploymentId: number) {
    return this.tables.deployments.findUnique('github', String(githubDeploymentId));
  }
  async listMirrorPending() {
    return this.rowsOf(this.tables.deployments, 'mirror', 'pending');
  }
  async listActiveDeployments() {
    return this.rowsOf(this.tables.deployments, 'active', 'active');
  }
  async listDeploymentsByRun(runId: number) {
    return this.rowsOf(this.tables.deployments, 'run', String(runId));
  }
  async getIdempotencyRecord(scope: string) {
    return this.tables.idempotency.findUnique('scope', scope);
  }
  async getDelivery(deliveryId: string) {
    return this.tables.deliveries.findUnique('delivery', deliveryId);
  }
  async getRepoConfig(repo: string) {
    return this.tables.repoConfigs.findUnique('repo', repo.toLowerCase());
  }

  async getActiveLock(environmentId: number) {
    return this.tables.locks.findUnique('active', String(environmentId));
  }
  async listActiveLocksOf(owner: LockOwner) {
    return this.rowsOf(this.tables.locks, 'owner', lockOwnerKey(owner));
  }
  async listLockQueue(environmentId: number) {
    return this.rowsOf(this.tables.lockQueue, 'environment', String(environmentId));
  }
  async listLockQueueOf(owner: LockOwner) {
    return this.rowsOf(this.tables.lockQueue, 'owner', lockOwnerKey(owner));
  }
  async getApprovalRequest(id: number) {
    return this.tables.approvalRequests.get(id);
  }
  async getApprovalRequestByDeployment(deploymentId: number) {
    return this.tables.approvalRequests.findUnique('deployment', String(deploymentId));
  }
  async getApprovalRequestByGitHubDeployment(githubDeploymentId: number) {
    return this.tables.approvalRequests.findUnique('github', String(githubDeploymentId));
  }
  async listOpenApprovalRequests(pullRequest: PullRequestRef) {
    return this.rowsOf(this.tables.approvalRequests, 'open', pullRequestKey(pullRequest));
  }
  async listApprovals(requestId: number) {
    return this.rowsOf(this.tables.approvals, 'request', String(requestId));
  }
  async listAuditEvents(projectId: number, page: PageRequest) {
    const events = this.tables.auditEvents;
    return paginate(events.groupIds('project', String(projectId)), page, (id) => events.get(id));
  }
  async getCommand(key: string) {
    return this.tables.commands.findUnique('key', key);
  }
  async getPullRequest(pullRequest: PullRequestRef) {
    return this.tables.pullRequests.findUnique('key', pullRequestKey(pullRequest));
  }

  // Writes: only inside a transaction, each recording how to undo itself.

  async insertProject(project: New<ProjectRecord>) {
    return this.insert('projects', this.tables.projects, project);
  }
  async updateProject(project: ProjectRecord) {
    this.replace('projects', this.tables.projects, project);
  }
  async insertEnvironment(environment: New<EnvironmentRecord>) {
    return this.insert('environments', this.tables.environments, environment);
  }
  async updateEnvironment(environment: EnvironmentRecord) {
    this.replace('environments', this.tables.environments, environment);
  }
  async deleteEnvironment(id: number) {
    const undo = this.requireTransaction();
    const removed = this.tables.environments.remove(id);
    if (removed) undo.push(() => this.tables.environments.insert(removed));
    this.touched.push(['environments', id]);
  }
  async insertToken(token: New<TokenRecord>) {
    return this.insert('tokens', this.tables.tokens, token);
  }
  async updateToken(token: TokenRecord) {
    this.replace('tokens', this.tables.tokens, token);
  }
  async insertRelease(release: New<ReleaseRecord>) {
    return this.insert('releases', this.tables.releases, release);
  }
  async insertCandidate(candidate: New<CandidateRecord>) {
    return this.insert('candidates', this.tables.candidates, candidate);
  }
  async updateCandidate(candidate: CandidateRecord) {
    this.replace('candidates', this.tables.candidates, candidate);
  }
  async insertDeployment(deployment: New<DeploymentRecord>) {
    return this.insert('deployments', this.tables.deployments, deployment);
  }
  async updateDeployment(deployment: DeploymentRecord) {
    this.replace('deployments', this.tables.deployments, deployment);
  }
  async insertIdempotencyRecord(record: New<IdempotencyRecord>) {
    return this.insert('idempotency', this.tables.idempotency, record);
  }
  async insertDelivery(delivery: New<DeliveryRecord>) {
    return this.insert('deliveries', this.tables.deliveries, delivery);
  }
  async putRepoConfig(config: New<RepoConfigRecord>) {
    const normalized = { ...config, repo: config.repo.toLowerCase() };
    const existing = this.tables.repoConfigs.findUnique('repo', normalized.repo);
    if (!existing) return this.insert('repoConfigs', this.tables.repoConfigs, normalized);
    const row = { ...normalized, id: existing.id };
    this.replace('repoConfigs', this.tables.repoConfigs, row);
    return row;
  }

  async insertLock(lock: New<LockRecord>) {
    return this.insert('locks', this.tables.locks, lock);
  }
  async updateLock(lock: LockRecord) {
    this.replace('locks', this.tables.locks, lock);
  }
  async insertLockQueueEntry(entry: New<LockQueueRecord>) {
    return this.insert('lockQueue', this.tables.lockQueue, entry);
  }
  async updateLockQueueEntry(entry: LockQueueRecord) {
    this.replace('lockQueue', this.tables.lockQueue, entry);
  }
  async insertApprovalRequest(request: New<ApprovalRequestRecord>) {
    return this.insert('approvalRequests', this.tables.approvalRequests, request);
  }
  async updateApprovalRequest(request: ApprovalRequestRecord) {
    this.replace('approvalRequests', this.tables.approvalRequests, request);
  }
  async insertApproval(approval: New<ApprovalRecord>) {
    return this.insert('approvals', this.tables.approvals, approval);
  }
  async insertAuditEvent(event: New<AuditRecord>) {
    return this.insert('auditEvents', this.tables.auditEvents, event);
  }
  async insertCommand(command: New<CommandRecord>) {
    if (this.tables.commands.findUnique('key', command.key))
      throw new Error(`command ${command.key} already recorded`);
    return this.insert('commands', this.tables.commands, command);
  }
  async updateCommand(command: CommandRecord) {
    this.replace('commands', this.tables.commands, command);
  }
  async putPullRequest(record: New<PullRequestRecord>) {
    const normalized = { ...record, repo: record.repo.toLowerCase() };
    const existing = this.tables.pullRequests.findUnique('key', pullRequestKey(normalized));
    if (!existing) return this.insert('pullRequests', this.tables.pullRequests, normalized);
    const row = { ...normalized, id: existing.id };
    this.replace('pullRequests', this.tables.pullRequests, row);
    return row;
  }

  private rowsOf<T extends { id: number }, I extends string>(
    table: Table<T, I>,
    index: I,
    value: string,
  ): T[] {
    return table.groupIds(index, value).map((id) => table.get(id) as T);
  }

  private requireTransaction(): (() => void)[] {
    if (!this.undo) throw new Error('store writes must run inside store.transaction()');
    this.changes++;
    return this.undo;
  }

  private insert<T extends { id: number }>(name: TableName, table: Table<T>, values: New<T>): T {
    const undo = this.requireTransaction();
    const id = this.db.data.sequences[name] + 1;
    this.db.data.sequences[name] = id;
    const row = { ...values, id } as T;
    table.insert(row);
    undo.push(() => table.remove(id));
    this.touched.push([name, id]);
    return row;
  }

  private replace<T extends { id: number }>(name: TableName, table: Table<T>, row: T): void {
    const undo = this.requireTransaction();
    const previous = table.replace(row);
    undo.push(() => table.replace(previous));
    this.touched.push([name, row.id]);
  }
}
