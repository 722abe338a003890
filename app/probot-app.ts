/**
 * The Probot application function: wiring only. Each handler is guard clauses plus one service call,
 * run at most once per delivery.
 */
import type { ApplicationFunction, Context } from 'probot';
import { REPO_CONFIG_PATH } from '../shared/config/repo-config.js';
import type { CommandService } from './services/command-service.js';
import type { GitHubEventService } from './services/github-event-service.js';
import type { ProtectionRuleService } from './services/protection-rule-service.js';
import type { PullRequestService } from './services/pull-request-service.js';
import type { RepoConfigService } from './services/repo-config-service.js';
import type { WorkflowService } from './services/workflow-service.js';

/** The webhook events the App subscribes to (app.yml's `default_events`; a test holds the two together). */
export const SUBSCRIBED_EVENTS = [
  'deployment',
  'deployment_status',
  'push',
  'workflow_job',
  'workflow_run',
  'issue_comment',
  'pull_request',
  'deployment_protection_rule',
] as const;

export interface ShiplogAppDependencies {
  readonly installations: { installationsChanged(): void };
  readonly repoConfig: Pick<RepoConfigService, 'load' | 'loadAll'>;
  readonly events: Pick<
    GitHubEventService,
    'once' | 'deploymentCreated' | 'deploymentStatusCreated' | 'workflowJobCompleted'
  >;
  readonly workflows: Pick<WorkflowService, 'runCompleted'>;
  readonly commands: Pick<CommandService, 'commentCreated'>;
  readonly pullRequests: Pick<PullRequestService, 'headChanged' | 'closed'>;
  readonly protectionRules: Pick<ProtectionRuleService, 'requested'>;
}

export function shiplogApp({
  installations,
  repoConfig,
  events,
  workflows,
  commands,
  pullRequests,
  protectionRules,
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

    // Only new comments: an edited comment never runs a command (again).
    app.on('issue_comment.created', async (context) => {
      const { issue, comment, repository } = context.payload;
      if (!repository?.full_name || !issue?.number || !comment?.id) return malformed(context);
      if (!issue.pull_request) return;
      // Shiplog's own replies (and other bots') quote commands; they are never commands.
      if (comment.user?.type === 'Bot') return;
      await once(context, () =>
        commands.commentCreated({
          repo: repository.full_name,
          number: issue.number,
          commentId: comment.id,
          body: comment.body ?? '',
          author: comment.user?.login ?? '',
          createdAt: comment.created_at,
          pullRequestUrl: issue.pull_request?.html_url ?? issue.html_url,
        }),
      );
    });

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.synchronize'], async (context) => {
      const { pull_request: pull, repository } = context.payload;
      if (!repository?.full_name || !pull?.head?.sha) return malformed(context);
      await once(context, () => pullRequests.headChanged(pullRequestEvent(repository.full_name, pull)));
    });

    app.on('pull_request.closed', async (context) => {
      const { pull_request: pull, repository } = context.payload;
      if (!repository?.full_name || !pull?.head?.sha) return malformed(context);
      await once(context, () => pullRequests.closed(pullRequestEvent(repository.full_name, pull)));
    });

    app.on('deployment_protection_rule.requested', async (context) => {
      const { repository, environment, deployment_callback_url: callbackUrl } = context.payload;
      if (!repository?.full_name || !environment || !callbackUrl) return malformed(context);
      const { deployment, pull_requests: pulls, sender } = context.payload;
      await once(context, () =>
        protectionRules.requested({
          repo: repository.full_name,
          environment,
          callbackUrl,
          deployment: deployment
            ? { id: deployment.id, sha: deployment.sha, creator: deployment.creator?.login ?? null }
            : null,
          pullRequests: (pulls ?? []).map((pull) => pull.number),
          sender: sender.login,
        }),
      );
    });
  };
}

function pullRequestEvent(
  repo: string,
  pull: { number: number; head: { sha: string }; updated_at: string; merged?: boolean | null },
) {
  return {
    repo,
    number: pull.number,
    headSha: pull.head.sha,
    updatedAt: pull.updated_at,
    merged: pull.merged ?? false,
  };
}
