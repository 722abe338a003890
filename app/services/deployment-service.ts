/**
 * Deployments of release candidates to environments and their statuses. Creating is made safe to retry
 * by an optional Idempotency-Key; status reports are naturally idempotent and only move forward.
 */
import { createHash } from 'node:crypto';
import type { DeploymentStatus } from '../../shared/deployment-status.js';
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
import type { Principal } from './auth-service.js';
import type { ProjectService } from './project-service.js';
import type { ReleaseService } from './release-service.js';
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

/** Told when a transaction left mirror work behind, and when a deployment was created. */
export interface DeploymentListener {
  mirrorWorkAdded(): void;
  deploymentCreated(view: DeploymentView): Promise<void>;
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

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

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
    const environment = await this.projects.requireEnvironment(project, environmentName);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
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
      const deployment = await this.insert(tx, environment, candidate, 'pending', origin);
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
    if (result.created) await this.listener.deploymentCreated(result);
    return result;
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
    status: DeploymentStatus,
    details: StatusDetails & ReportOrigin = {},
  ): Promise<DeploymentView & { created: boolean }> {
    const project = await this.projects.requireProject(principal, projectName);
    const environment = await this.projects.requireEnvironment(project, environmentName);
    const result = await this.store.transaction(async (tx) => {
      const candidate = await this.releases.requireCandidate(tx, project, candidateVersion);
      const latest = await tx.getLatestDeployment(environment.id, candidate.id);
      if (!latest) {
        const deployment = await this.insert(tx, environment, candidate, status, details);
        return { project, environment, candidate, deployment, created: true, changed: true };
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
    const project = await this.projects.requireProject(principal, projectName);
    const environments = await this.store.listEnvironments(project.id);
    return Promise.all(
      environments.map(async (environment) => {
        const current = await this.store.findNewestDeployment(environment.id, 'success');
        const latest = await this.store.findNewestDeployment(environment.id);
        return {
          environment,
          current: current && (await this.view(project, current, environment)),
          latest: latest && (await this.view(project, latest, environment)),
        };
      }),
    );
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
    candidate: CandidateRecord,
    status: DeploymentStatus,
    details: StatusDetails & ReportOrigin,
  ): Promise<DeploymentRecord> {
    const at = this.now().toISOString();
    return tx.insertDeployment({
      projectId: environment.projectId,
      environmentId: environment.id,
      candidateId: candidate.id,
      commitSha: candidate.commitSha,
      origin: 'shiplog',
      status,
      history: [{ status, at }],
      mirror: initialMirrorState(this.mirroring && candidate.verified),
      workflow: workflowRef(details),
      logUrl: details.logUrl ?? details.runUrl ?? null,
      environmentUrl: details.environmentUrl ?? null,
      createdAt: at,
      updatedAt: at,
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
