/**
 * The audit trail: who approved, rejected, locked, unlocked or overrode what, when and why. Entries are
 * written in the same transaction as the change they describe, so the trail never misses one, and
 * never change afterwards.
 */
import type { AuditAction, AuditRecord, PullRequestRef } from '../store/records.js';
import type { Page, PageRequest, Store, StoreWriter } from '../store/store.js';
import type { Principal } from './auth-service.js';
import type { ProjectService } from './project-service.js';

/** The actor of what Shiplog decided by itself (an expiry, a merged pull request). */
export const SHIPLOG_ACTOR = 'shiplog';

export interface AuditEntry {
  readonly projectId: number;
  readonly environmentId: number | null;
  readonly deploymentId?: number | null;
  readonly action: AuditAction;
  readonly actor: string;
  readonly reason?: string | null;
  readonly pullRequest?: PullRequestRef | null;
  readonly source: AuditRecord['source'];
}

/** Appends an entry to the trail, in `tx`. */
export function recordAudit(tx: StoreWriter, at: string, entry: AuditEntry): Promise<AuditRecord> {
  return tx.insertAuditEvent({
    projectId: entry.projectId,
    environmentId: entry.environmentId,
    deploymentId: entry.deploymentId ?? null,
    action: entry.action,
    actor: entry.actor,
    reason: entry.reason ?? null,
    pullRequest: entry.pullRequest ?? null,
    source: entry.source,
    at,
  });
}

export interface AuditView {
  readonly event: AuditRecord;
  /** The environment's name (null when the entry is about none, or it was removed). */
  readonly environment: string | null;
}

/** Reads the trail of a project through the API. */
export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly projects: ProjectService,
  ) {}

  /** The project's trail, newest first, with environment names. */
  async list(principal: Principal, projectName: string, page: PageRequest): Promise<Page<AuditView>> {
    const project = await this.projects.requireProject(principal, projectName);
    const events = await this.store.listAuditEvents(project.id, page);
    const names = new Map((await this.store.listEnvironments(project.id)).map((e) => [e.id, e.name]));
    const items = events.items.map((event) => ({
      event,
      environment: event.environmentId === null ? null : (names.get(event.environmentId) ?? null),
    }));
    return { ...events, items };
  }
}
