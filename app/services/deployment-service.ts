/**
 * Deployments of release candidates to environments and their statuses. Creating is made safe to retry
 * by an optional Idempotency-Key; status reports are naturally idempotent and only move forward.
 */
import { createHash } from 'node:crypto';
import type { DeploymentStatus, ReportableStatus } from '../../shared/deployment-status.js';
import { isIdempotencyKey } from '../../shared/idempotency-key.js';
import { badRequest, conflict, notFound, unprocessable } from '../errors.js';
import { messages } from '../messages.js';
import { initialMirrorState } from '../store/defaults.js';
import type {
  CandidateRecord,
  DeploymentRecord,
  EnvironmentRecord,
  ProjectRecord,
  WorkflowRef,
} from '../store/records.js';
import type { Page, PageRequest, Store, StoreWriter } from '../store/store.js';
import { recordAudit } from './audit.js';
import type { Principal } from './auth-service.js';
import type { ProjectService } from './project-service.js';
import type { ReleaseService } from './release-service.js';
import { admitDeployment, API_REQUESTER, openApprovalRequest, type Requester } from './deployment-gate.js';
import { findRollback } from './rollback-target.js';
import { changeStatus, type StatusDetails } from './status-change.js';

export interface DeploymentView {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
  /** Undefined for a deployment made outside Shiplog and reconciled from GitHub. */
  readonly candidate: CandidateRecord | undefined;
  readonly deployment: DeploymentRecord;
}

/** The workflow run (and job) a report came from, as the Action sends it. */
export interface ReportOrigin {
  readonly runId?: number | undefined;
  readonly job?: string | undefined;
  readonly runUrl?: string | undefined;
}

/** Told when a transaction left mirror work behind, and when a deployment may start. */
export interface DeploymentListener {
  mirrorWorkAdded(): void;
  /** A deployment may start: created `pending`, or approved after waiting `blocked`. */
  deploymentCreated(view: DeploymentView): Promise<void>;
}

/** A deployment asked for by a person (from a pull request), with everything already resolved. */
export interface DeploymentOrder {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
  /** Undefined for a deploy of a commit that is no release candidate (a pull request's head). */
  readonly candidate: CandidateRecord | undefined;
  readonly commitSha: string;
  readonly requester: Requester;
  /** Recorded with the first status, e.g. "Rollback from 1.4.0-rc2". */
  readonly reason?: string;
  /** Written to the audit trail with the deployment, in the same transaction. */
  readonly audit?: 'deploy_requested' | 'rollback_requested';
}

const noListener: DeploymentListener = {
  mirrorWorkAdded: () => undefined,
  deploymentCreated: async () => undefined,
};

export interface EnvironmentStateView {
  readonly environment: EnvironmentRecord;
  readonly current: DeploymentView | undefined;
  readonly latest: DeploymentView | undefined;
}

/** What `/rollback` would do in an environment (the choice is made in rollback-target.ts). */
export interface RollbackView {
  /** What runs there now: the newest successful deployment. */
  readonly current: DeploymentView | undefined;
  /** The newest earlier successful deployment of another release candidate: what a rollback redeploys. */
  readonly target: DeploymentView | undefined;
}

export class DeploymentService {
  constructor(
    private readonly store: Store,
    private readonly projects: ProjectService,
    private readonly releases: ReleaseService,
    private readonly now: () => Date = () => new Date(),
    /** Whether new deployments are to be mirrored to GitHub. */
    private readonly mirroring = false,
    private readonly listener: DeploymentListener = noListener,
  ) {}

  /**
   * Creates a `pending` deployment of a candidate. With an idempotency key, a retry of the same request
   * returns the deployment the first call created (`created: false`) instead of a second one.
   */
  async create(
    principal: Principal,
    projectName: string,
    environmentName: string,
    candidateVersion: string,
    idempotencyKey?: string,
    origin: ReportOrigin = {},
  ): Promise<DeploymentView & { created: boolean }> {
    const project = await this.projects.requireProject(principal, projectName);
    const environment = await this.projects.requireEnvironment(project, environmentName, principal);
    if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey)) {
      throw badRequest(messages.invalidIdempotencyKey);
    }
    const result = await this.store.transaction(async (tx) => {
      const candidate = await this.releases.requireCandidate(tx, project, candidateVersion);
      const scope = idempotencyKey && `${project.id}:deployment:${idempotencyKey}`;
      const fingerprint = fingerprintOf(environment.id, candidate.id);
      if (scope) {
        const seen = await tx.getIdempotencyRecord(scope);
        if (seen) {
          const deployment =
            seen.fingerprint === fingerprint ? await tx.getDeployment(seen.resourceId) : undefined;
          if (!deployment) throw unprocessable(messages.idempotencyKeyReused(idempotencyKey));
          return { project, environment, candidate, deployment, created: false };
        }
      }
      const status = await admitDeployment(tx, project, environment, API_REQUESTER, this.now());
      const deployment = await this.insert(tx, environment, candidate, candidate.commitSha, status, origin);
      if (status === 'blocked') await openApprovalRequest(tx, deployment, API_REQUESTER);
      if (scope) {
        await tx.insertIdempotencyRecord({
          scope,
          fingerprint,
          resourceId: deployment.id,
          createdAt: deployment.createdAt,
        });
      }
      return { project, environment, candidate, deployment, created: true };
    });
    this.afterWrite(result.created);
    if (result.created && result.deployment.status !== 'blocked')
      await this.listener.deploymentCreated(result);
    return result;
  }

  /**
   * Starts a deployment someone asked for from a pull request: refused (409) when another holds the
   * environment's lock, `blocked` with an approval request when the environment has approval rules,
   * `pending` (and handed to the deploy workflow) otherwise. Mirrored like any other deployment.
   */
  async order(order: DeploymentOrder): Promise<DeploymentView> {
    const { project, environment, candidate, requester } = order;
    const view = await this.store.transaction(async (tx) => {
      const status = await admitDeployment(tx, project, environment, requester, this.now());
      const deployment = await this.insert(tx, environment, candidate, order.commitSha, status, {
        ...(order.reason ? { reason: order.reason } : {}),
        requester,
      });
      if (status === 'blocked') await openApprovalRequest(tx, deployment, requester);
      if (order.audit && requester.login) {
        await recordAudit(tx, deployment.createdAt, {
          projectId: project.id,
          environmentId: environment.id,
          deploymentId: deployment.id,
          action: order.audit,
          actor: requester.login,
          reason: order.reason ?? null,
          pullRequest: requester.pullRequest,
          source: 'comment',
        });
      }
      return { project, environment, candidate, deployment };
    });
    this.afterWrite(true);
    if (view.deployment.status !== 'blocked') await this.listener.deploymentCreated(view);
    return (await this.viewOf(view.deployment.id)) ?? view;
  }

  /**
   * Moves a `blocked` deployment on after its approval request was decided, in the caller's
   * transaction: to `pending` when approved, to `canceled` when rejected. Returns the moved record, or
   * undefined when it was not blocked any more. Call {@link decided} once the transaction committed.
   */
  async decide(
    tx: StoreWriter,
    deploymentId: number,
    decision: 'approved' | 'rejected',
    reason: string,
  ): Promise<DeploymentRecord | undefined> {
    const deployment = await tx.getDeployment(deploymentId);
    if (deployment?.status !== 'blocked') return undefined;
    const next = decision === 'approved' ? 'pending' : 'canceled';
    const change = changeStatus(deployment, next, this.now().toISOString(), { reason });
    if (change.kind !== 'moved') return undefined;
    await tx.updateDeployment(change.deployment);
    return change.deployment;
  }

  /** After {@link decide} committed: mirrors the move and, when approved, starts the deploy workflow. */
  async decided(deployment: DeploymentRecord): Promise<void> {
    this.afterWrite(true);
    if (deployment.status !== 'pending') return;
    const view = await this.viewOf(deployment.id);
    if (view) await this.listener.deploymentCreated(view);
  }

  /** A deployment with its project, environment and candidate, or undefined when it does not exist. */
  async viewOf(id: number): Promise<DeploymentView | undefined> {
    const deployment = await this.store.getDeployment(id);
    const project = deployment && (await this.store.getProjectById(deployment.projectId));
    return deployment && project ? this.view(project, deployment) : undefined;
  }

  /**
   * Reports the status of a candidate's newest deployment in an environment, creating the deployment
   * when there is none. Repeating the current status changes nothing; moving backwards or leaving a
   * final status is a 409.
   */
  async reportStatus(
    principal: Principal,
    projectName: string,
    environmentName: string,
    candidateVersion: string,
    status: ReportableStatus,
    details: StatusDetails & ReportOrigin = {},
  ): Promise<DeploymentView & { created: boolean }> {
    const project = await this.projects.requireProject(principal, projectName);
    const environment = await this.projects.requireEnvironment(project, environmentName, principal);
    const result = await this.store.transaction(async (tx) => {
      const candidate = await this.releases.requireCandidate(tx, project, candidateVersion);
      const latest = await tx.getLatestDeployment(environment.id, candidate.id);
      if (!latest) {
        // A report may create its deployment only where a new one could start at once: no freeze, no
        // lock held by someone else (both refused by the gate), and no approvals to wait for.
        if ((await admitDeployment(tx, project, environment, API_REQUESTER, this.now())) === 'blocked') {
          throw conflict(messages.approvalsRequiredToReport(project.name, environment.name));
        }
        const deployment = await this.insert(
          tx,
          environment,
          candidate,
          candidate.commitSha,
          status,
          details,
        );
        return { project, environment, candidate, deployment, created: true, changed: true };
      }
      if (latest.status === 'blocked') {
        if (status !== 'canceled') {
          throw conflict(messages.awaitingApproval(latest.id, environment.name, project.name));
        }
        // Canceled while waiting: nothing is left to approve.
        const request = await tx.getApprovalRequestByDeployment(latest.id);
        if (request?.state === 'waiting') {
          const at = this.now().toISOString();
          await tx.updateApprovalRequest({ ...request, state: 'rejected', decidedAt: at });
        }
      }
      const change = changeStatus(latest, status, this.now().toISOString(), details);
      if (change.kind === 'refused') {
        const describe = change.reason === 'final' ? messages.finalStatus : messages.backwardStatus;
        throw conflict(describe(latest.id, latest.status, status));
      }
      const deployment =
        latest.workflow === null && details.runId !== undefined
          ? { ...change.deployment, workflow: workflowRef(details) }
          : change.deployment;
      const changed = deployment !== latest;
      if (changed) await tx.updateDeployment(deployment);
      return { project, environment, candidate, deployment, created: false, changed };
    });
    this.afterWrite(result.changed);
    return result;
  }

  private afterWrite(changed: boolean): void {
    if (changed && this.mirroring) this.listener.mirrorWorkAdded();
  }

  async get(principal: Principal, projectName: string, id: number): Promise<DeploymentView> {
    const project = await this.projects.requireProject(principal, projectName);
    const deployment = await this.store.getDeployment(id);
    if (!deployment || deployment.projectId !== project.id)
      throw notFound(messages.deploymentNotFound(project.name, id));
    return this.view(project, deployment);
  }

  async list(
    principal: Principal,
    projectName: string,
    environmentName: string,
    page: PageRequest,
  ): Promise<Page<DeploymentView>> {
    const project = await this.projects.requireProject(principal, projectName);
    const environment = await this.projects.requireEnvironment(project, environmentName);
    const deployments = await this.store.listDeployments(environment.id, page);
    const items = await Promise.all(deployments.items.map((d) => this.view(project, d, environment)));
    return { ...deployments, items };
  }

  /** Every environment of the project with what runs there now and its newest deployment. */
  async environments(principal: Principal, projectName: string): Promise<EnvironmentStateView[]> {
    return this.environmentsOf(await this.projects.requireProject(principal, projectName));
  }

  /** {@link environments} of a project already found; `only` keeps the environments it names. */
  async environmentsOf(project: ProjectRecord, only?: ReadonlySet<number>): Promise<EnvironmentStateView[]> {
    const environments = await this.store.listEnvironments(project.id);
    return Promise.all(
      environments
        .filter((environment) => only === undefined || only.has(environment.id))
        .map((environment) => this.stateOf(project, environment)),
    );
  }

  /** The environment's current and newest deployment, one view when they are the same deployment. */
  private async stateOf(
    project: ProjectRecord,
    environment: EnvironmentRecord,
  ): Promise<EnvironmentStateView> {
    const [current, latest] = await Promise.all([
      this.store.findNewestDeployment(environment.id, 'success'),
      this.store.findNewestDeployment(environment.id),
    ]);
    const currentView = current && (await this.view(project, current, environment));
    const latestView =
      latest && (latest.id === current?.id ? currentView : await this.view(project, latest, environment));
    return { environment, current: currentView, latest: latestView };
  }

  /** What `/rollback` would redeploy in the environment, and what runs there now. */
  async rollbackChoice(project: ProjectRecord, environment: EnvironmentRecord): Promise<RollbackView> {
    const { current, target } = await findRollback(this.store, environment.id);
    const [currentView, targetView] = await Promise.all([
      current && this.view(project, current, environment),
      target && this.view(project, target, environment),
    ]);
    return { current: currentView, target: targetView };
  }

  private async view(
    project: ProjectRecord,
    deployment: DeploymentRecord,
    environment?: EnvironmentRecord,
  ): Promise<DeploymentView> {
    const [env, candidate] = await Promise.all([
      environment ?? this.store.getEnvironmentById(deployment.environmentId),
      deployment.candidateId === null ? undefined : this.store.getCandidateById(deployment.candidateId),
    ]);
    if (!env) throw new Error(`deployment ${deployment.id} refers to a missing environment`);
    return { project, environment: env, candidate, deployment };
  }

  private insert(
    tx: StoreWriter,
    environment: EnvironmentRecord,
    candidate: CandidateRecord | undefined,
    commitSha: string,
    status: DeploymentStatus,
    details: StatusDetails & ReportOrigin & { requester?: Requester },
  ): Promise<DeploymentRecord> {
    const at = this.now().toISOString();
    const requester = details.requester ?? API_REQUESTER;
    return tx.insertDeployment({
      projectId: environment.projectId,
      environmentId: environment.id,
      candidateId: candidate?.id ?? null,
      commitSha,
      origin: 'shiplog',
      status,
      history: [{ status, at, ...(details.reason ? { reason: details.reason } : {}) }],
      // A pull request's head came from GitHub itself: only an unverified candidate stays off GitHub.
      mirror: initialMirrorState(this.mirroring && (candidate?.verified ?? true)),
      workflow: workflowRef(details),
      logUrl: details.logUrl ?? details.runUrl ?? null,
      environmentUrl: details.environmentUrl ?? null,
      createdAt: at,
      updatedAt: at,
      requestedBy: requester.login,
      pullRequest: requester.pullRequest,
    });
  }
}

function workflowRef(origin: ReportOrigin): WorkflowRef | null {
  if (origin.runId === undefined) return null;
  return { runId: origin.runId, jobId: null, job: origin.job ?? null, runUrl: origin.runUrl ?? null };
}

function fingerprintOf(environmentId: number, candidateId: number): string {
  return createHash('sha256').update(`${environmentId}:${candidateId}`).digest('hex');
}
