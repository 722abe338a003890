/**
 * What happens on GitHub, into Shiplog: deployments made outside Shiplog (an Actions job with
 * `environment:`, Argo CD, another tool) are reconciled into the matching project's history; workflow
 * jobs that end without reporting close their deployments. Events Shiplog caused itself are recognised
 * and not echoed back. Each delivery is processed at most once.
 */
import type { Logger } from 'pino';
import type { DeploymentStatus } from '../../shared/deployment-status.js';
import type { GitHubGateway } from '../github/gateway.js';
import { reconciledMirrorState } from '../store/defaults.js';
import type { DeploymentRecord, WorkflowRef } from '../store/records.js';
import type { Store, StoreWriter } from '../store/store.js';
import { findByGitHubEnvironment } from './environment-match.js';
import { changeStatus } from './status-change.js';
import { statusForConclusion } from './workflow-service.js';

/** The fields of a GitHub deployment the reconciliation reads. */
export interface GitHubDeploymentPayload {
  readonly id: number;
  readonly sha: string;
  readonly environment: string;
  readonly payload?: unknown;
  readonly performed_via_github_app?: { readonly id: number | null } | null;
}

export interface GitHubDeploymentStatusPayload {
  readonly state: string;
  readonly description?: string | null;
  readonly log_url?: string | null;
  readonly target_url?: string | null;
  readonly environment_url?: string | null;
  readonly performed_via_github_app?: { readonly id: number | null } | null;
}

export interface WorkflowJobPayload {
  readonly id: number;
  readonly run_id: number;
  readonly name: string;
  readonly conclusion: string | null;
  readonly html_url?: string | null;
}

const STATE_TO_STATUS: Record<string, DeploymentStatus | undefined> = {
  queued: 'pending',
  pending: 'pending',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'failure',
};

/** The run (and job) of an Actions URL such as `.../actions/runs/123/job/456`. */
export function workflowFromUrl(url: string | null | undefined): WorkflowRef | null {
  const match = /\/actions\/runs\/(\d+)(?:\/(?:job|jobs)\/(\d+))?/.exec(url ?? '');
  if (!match?.[1]) return null;
  return {
    runId: Number(match[1]),
    jobId: match[2] ? Number(match[2]) : null,
    job: null,
    runUrl: url ?? null,
  };
}

export class GitHubEventService {
  constructor(
    private readonly store: Store,
    private readonly github: Pick<GitHubGateway, 'appId'>,
    private readonly onDeploymentChanged: () => void,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Runs `handle` unless delivery `deliveryId` was processed already; records it once handled. */
  async once(deliveryId: string, event: string, handle: () => Promise<void>): Promise<void> {
    if (await this.store.getDelivery(deliveryId)) {
      this.log.info({ delivery: deliveryId, event }, 'delivery already processed: skipped');
      return;
    }
    await handle();
    await this.store.transaction(async (tx) => {
      if (!(await tx.getDelivery(deliveryId))) {
        await tx.insertDelivery({ deliveryId, event, receivedAt: this.now().toISOString() });
      }
    });
  }

  private isOurs(deployment: GitHubDeploymentPayload, via?: { id: number | null } | null): boolean {
    const appId = this.github.appId;
    const payload = deployment.payload as { shiplog?: unknown } | null | undefined;
    return (
      (typeof payload === 'object' && payload !== null && 'shiplog' in payload) ||
      (appId !== null && (deployment.performed_via_github_app?.id === appId || via?.id === appId))
    );
  }

  /** `deployment.created`: records a foreign deployment in the matching project and environment. */
  async deploymentCreated(repo: string, deployment: GitHubDeploymentPayload): Promise<void> {
    if (this.isOurs(deployment)) return;
    await this.store.transaction(async (tx) => {
      await this.findOrCreate(tx, repo, deployment, null);
    });
  }

  /** `deployment_status.created`: applies a foreign status (creating the deployment if it was missed). */
  async deploymentStatusCreated(
    repo: string,
    deployment: GitHubDeploymentPayload,
    status: GitHubDeploymentStatusPayload,
  ): Promise<void> {
    if (this.isOurs(deployment, status.performed_via_github_app)) return;
    const logUrl = status.log_url || status.target_url || null;
    const changed = await this.store.transaction(async (tx) => {
      const record = await this.findOrCreate(tx, repo, deployment, workflowFromUrl(logUrl));
      if (!record) return false;
      const at = this.now().toISOString();
      let next = STATE_TO_STATUS[status.state];
      if (status.state === 'inactive' && record.status !== 'success') next = 'canceled';
      if (!next) return false;
      const change = changeStatus(record, next, at, {
        logUrl,
        environmentUrl: status.environment_url || null,
        ...(status.description ? { reason: status.description } : {}),
      });
      if (change.kind === 'refused') {
        this.log.info(
          { deployment: record.id, from: record.status, to: next },
          'stale GitHub status ignored',
        );
        return false;
      }
      const workflow = record.workflow ?? workflowFromUrl(logUrl);
      if (change.deployment !== record || workflow !== record.workflow) {
        await tx.updateDeployment({ ...change.deployment, workflow });
      }
      return true;
    });
    if (changed) this.onDeploymentChanged();
  }

  /**
   * `workflow_job.completed`: deployments reported from this job that are still open take the job's
   * conclusion (the job failed, was cancelled or lost its runner before reporting).
   */
  async workflowJobCompleted(job: WorkflowJobPayload): Promise<void> {
    const at = this.now().toISOString();
    const changed = await this.store.transaction(async (tx) => {
      let moved = false;
      for (const deployment of await tx.listDeploymentsByRun(job.run_id)) {
        const ref = deployment.workflow;
        if (!ref) continue;
        // Without a job, the deployment belongs to the whole run: `workflow_run` closes it.
        const sameJob = ref.jobId !== null ? ref.jobId === job.id : ref.job !== null && ref.job === job.name;
        if (!sameJob) continue;
        const change = changeStatus(deployment, statusForConclusion(job.conclusion), at, {
          reason: `workflow job '${job.name}' ended without a final status: ${job.conclusion ?? 'unknown'}`,
        });
        if (change.kind !== 'moved') continue;
        await tx.updateDeployment(change.deployment);
        moved = true;
      }
      return moved;
    });
    if (changed) this.onDeploymentChanged();
  }

  private async findOrCreate(
    tx: StoreWriter,
    repo: string,
    deployment: GitHubDeploymentPayload,
    workflow: WorkflowRef | null,
  ): Promise<DeploymentRecord | undefined> {
    const existing = await tx.getDeploymentByGitHubId(deployment.id);
    if (existing) return existing;
    const environment = (await findByGitHubEnvironment(tx, repo, deployment.environment))?.environment;
    if (!environment) {
      this.log.info(
        { repo, environment: deployment.environment },
        'GitHub deployment matches no Shiplog environment',
      );
      return undefined;
    }
    const at = this.now().toISOString();
    return tx.insertDeployment({
      projectId: environment.projectId,
      environmentId: environment.id,
      candidateId: null,
      commitSha: deployment.sha,
      origin: 'github',
      status: 'pending',
      history: [{ status: 'pending', at }],
      mirror: reconciledMirrorState(deployment.id, 1),
      workflow,
      logUrl: workflow?.runUrl ?? null,
      environmentUrl: null,
      createdAt: at,
      updatedAt: at,
    });
  }
}
