/**
 * Runs the workflows a team configured: the build workflow when a candidate is cut with
 * `trigger_build_workflow: true`, the environment's deploy workflow when a deployment is created, and
 * takes their outcome back from `workflow_run` webhooks.
 */
import type { Logger } from 'pino';
import type { GitHubGateway } from '../github/gateway.js';
import type { BuildRecord, CandidateRecord, DeploymentRecord, ProjectRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { DeploymentListener, DeploymentView } from './deployment-service.js';
import { changeStatus } from './status-change.js';

/** A workflow run's conclusion as a final deployment status. */
export function statusForConclusion(conclusion: string | null): 'success' | 'failure' | 'canceled' {
  switch (conclusion) {
    case 'success':
      return 'success';
    case 'cancelled':
    case 'skipped':
      return 'canceled';
    default:
      return 'failure';
  }
}

export class WorkflowService implements Pick<DeploymentListener, 'deploymentCreated'> {
  constructor(
    private readonly store: Store,
    private readonly github: GitHubGateway,
    private readonly onDeploymentChanged: () => void,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Dispatches the project's build workflow for a new candidate and records the run (or the failure). */
  async dispatchBuild(project: ProjectRecord, candidate: CandidateRecord): Promise<CandidateRecord> {
    const workflow = candidate.build?.workflow ?? project.buildWorkflow;
    if (!workflow) return candidate;
    let build: BuildRecord;
    const base = { workflow, dispatchedAt: this.now().toISOString() };
    try {
      const ref = await this.github.defaultBranch(project.repo);
      const run = await this.github.dispatchWorkflow(project.repo, {
        workflow,
        ref,
        inputs: { version: candidate.version, commit: candidate.commitSha },
      });
      build = { ...base, status: 'building', runId: run.runId, runUrl: run.runUrl, error: null };
    } catch (error) {
      this.log.warn({ err: error, candidate: candidate.version }, 'build dispatch failed');
      build = {
        ...base,
        status: 'failed',
        runId: null,
        runUrl: null,
        error: `could not dispatch ${workflow}: ${(error as Error).message}`,
      };
    }
    return this.store.transaction(async (tx) => {
      const current = (await tx.getCandidateById(candidate.id)) ?? candidate;
      const updated = { ...current, build };
      await tx.updateCandidate(updated);
      return updated;
    });
  }

  /** Dispatches the environment's deploy workflow for a new deployment, if one is configured. */
  async deploymentCreated({ project, environment, candidate, deployment }: DeploymentView): Promise<void> {
    const workflow = environment.settings.deployWorkflow;
    // A deployment without a candidate here is a pull request's head, a commit GitHub gave Shiplog.
    if (!workflow || !this.github.enabled || (candidate && !candidate.verified)) return;
    const inputs: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(environment.settings.deployInputs).map(([k, v]) => [k, String(v)]),
      ),
      version: candidate?.version ?? '',
      commit: deployment.commitSha,
      environment: environment.name,
      deployment_id: String(deployment.id),
    };
    try {
      const ref = await this.github.defaultBranch(project.repo);
      const run = await this.github.dispatchWorkflow(project.repo, { workflow, ref, inputs });
      if (run.runId !== null) {
        await this.updateDeployment(deployment.id, (d) => ({
          ...d,
          workflow: { runId: run.runId as number, jobId: null, job: null, runUrl: run.runUrl },
          logUrl: d.logUrl ?? run.runUrl,
        }));
      }
    } catch (error) {
      this.log.warn({ err: error, deployment: deployment.id }, 'deploy dispatch failed');
      const reason = `could not dispatch ${workflow}: ${(error as Error).message}`;
      await this.updateDeployment(
        deployment.id,
        (d) => changeStatus(d, 'failure', this.now().toISOString(), { reason }).deployment,
      );
    }
    this.onDeploymentChanged();
  }

  /**
   * A workflow run finished: a build run makes its candidate ready or failed; a dispatched deploy run
   * closes its deployment if the run did not report a final status itself.
   */
  async runCompleted(runId: number, conclusion: string | null, runUrl: string | null): Promise<void> {
    const at = this.now().toISOString();
    const changed = await this.store.transaction(async (tx) => {
      const candidate = await tx.getCandidateByBuildRun(runId);
      if (candidate?.build && candidate.build.status === 'building') {
        const status = conclusion === 'success' ? 'ready' : 'failed';
        await tx.updateCandidate({
          ...candidate,
          build: {
            ...candidate.build,
            status,
            runUrl: runUrl ?? candidate.build.runUrl,
            error: status === 'failed' ? `build run ended: ${conclusion}` : null,
          },
        });
      }
      let moved = false;
      for (const deployment of await tx.listDeploymentsByRun(runId)) {
        // Reported from a job: that job's `workflow_job` event decides.
        if (deployment.workflow?.job !== null || deployment.workflow.jobId !== null) continue;
        const change = changeStatus(deployment, statusForConclusion(conclusion), at, {
          reason: `workflow run ${runId} ended: ${conclusion ?? 'unknown'}`,
        });
        if (change.kind === 'moved') {
          await tx.updateDeployment(change.deployment);
          moved = true;
        }
      }
      return moved;
    });
    if (changed) this.onDeploymentChanged();
  }

  private async updateDeployment(
    id: number,
    change: (d: DeploymentRecord) => DeploymentRecord,
  ): Promise<void> {
    await this.store.transaction(async (tx) => {
      const current = await tx.getDeployment(id);
      if (current) await tx.updateDeployment(change(current));
    });
  }
}
