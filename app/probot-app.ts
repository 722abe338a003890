/**
 * The Probot application function: wiring only. Each handler is guard clauses plus one service call,
 * run at most once per delivery.
 */
import type { ApplicationFunction, Context } from 'probot';
import { REPO_CONFIG_PATH } from '../shared/config/repo-config.js';
import type { GitHubEventService } from './services/github-event-service.js';
import type { RepoConfigService } from './services/repo-config-service.js';
import type { WorkflowService } from './services/workflow-service.js';

/** The webhook events the App subscribes to (app.yml's `default_events`; a test holds the two together). */
export const SUBSCRIBED_EVENTS = [
  'deployment',
  'deployment_status',
  'push',
  'workflow_job',
  'workflow_run',
] as const;

export interface ShiplogAppDependencies {
  readonly installations: { installationsChanged(): void };
  readonly repoConfig: Pick<RepoConfigService, 'load' | 'loadAll'>;
  readonly events: Pick<
    GitHubEventService,
    'once' | 'deploymentCreated' | 'deploymentStatusCreated' | 'workflowJobCompleted'
  >;
  readonly workflows: Pick<WorkflowService, 'runCompleted'>;
}

export function shiplogApp({
  installations,
  repoConfig,
  events,
  workflows,
}: ShiplogAppDependencies): ApplicationFunction {
  const once = (context: Context, handle: () => Promise<unknown>) =>
    events.once(context.id, context.name, async () => {
      await handle();
    });

  /** GitHub sent something its schema does not allow: log it and move on, never crash on it. */
  const malformed = (context: Context) => {
    context.log.warn({ event: context.name, delivery: context.id }, 'malformed webhook payload ignored');
  };

  return (app) => {
    // Delivered to every App without subscribing.
    app.on(['installation', 'installation_repositories'], async (context) => {
      installations.installationsChanged();
      context.log.info({ event: context.name, action: context.payload.action }, 'installation changed');
      const payload = context.payload as {
        action: string;
        repositories?: { full_name: string }[];
        repositories_added?: { full_name: string }[];
      };
      const added = payload.action === 'created' ? payload.repositories : payload.repositories_added;
      if (!added?.length) return;
      await once(context, () => repoConfig.loadAll(added.map((repo) => repo.full_name)));
    });

    app.on('push', async (context) => {
      const { ref, after, repository, commits } = context.payload;
      if (!repository?.full_name || !Array.isArray(commits)) return malformed(context);
      if (ref !== `refs/heads/${repository.default_branch}`) return;
      const touched = commits.some((c) =>
        [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(REPO_CONFIG_PATH),
      );
      if (!touched) return;
      await once(context, () => repoConfig.load(repository.full_name, { ref: after, sha: after }));
    });

    app.on('deployment.created', async (context) => {
      const { repository, deployment } = context.payload;
      if (!repository?.full_name || !deployment?.id) return malformed(context);
      await once(context, () => events.deploymentCreated(repository.full_name, deployment));
    });

    app.on('deployment_status.created', async (context) => {
      const { repository, deployment, deployment_status } = context.payload;
      if (!repository?.full_name || !deployment?.id || !deployment_status?.state) return malformed(context);
      await once(context, () =>
        events.deploymentStatusCreated(repository.full_name, deployment, deployment_status),
      );
    });

    app.on('workflow_job.completed', async (context) => {
      if (!context.payload.workflow_job?.run_id) return malformed(context);
      await once(context, () => events.workflowJobCompleted(context.payload.workflow_job));
    });

    app.on('workflow_run.completed', async (context) => {
      const run = context.payload.workflow_run;
      if (!run?.id) return malformed(context);
      await once(context, () => workflows.runCompleted(run.id, run.conclusion, run.html_url));
    });
  };
}
