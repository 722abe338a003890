/**
 * Webhook bodies for the App's events, built from GitHub's own examples (`@octokit/webhooks-examples`),
 * patched where the shipped example fails GitHub's schema, and pointed at a test repository.
 * `deliver()` validates every one against the schema before sending.
 */
import { webhookExample } from './webhook-examples.js';

type Json = Record<string, unknown>;

/** Points an example's `repository` at `org/name`. */
function withRepository(example: Json, fullName: string): Json {
  const [owner = '', name = ''] = fullName.split('/');
  const repository = example.repository as Json & { owner: Json };
  return {
    ...example,
    repository: { ...repository, full_name: fullName, name, owner: { ...repository.owner, login: owner } },
  };
}

export function installationCreated(repos: string[], installationId: number): Json {
  const example = webhookExample('installation', 'created');
  const installation = example.installation as Json;
  return {
    ...example,
    installation: {
      ...installation,
      id: installationId,
      app_slug: 'shiplog',
      created_at: '2026-11-22T00:00:00Z',
      updated_at: '2026-11-22T00:00:00Z',
    },
    repositories: repos.map((fullName, i) => ({
      id: 1000 + i,
      node_id: `R_${i}`,
      name: fullName.split('/')[1],
      full_name: fullName,
      private: false,
    })),
  };
}

export function push(repo: string, options: { after: string; changed: string[]; branch?: string }): Json {
  const example = withRepository(webhookExample('push'), repo);
  const repository = example.repository as Json;
  const person = { name: 'Octo Cat', email: 'octocat@github.com', username: 'octocat' };
  const commit = {
    id: options.after,
    tree_id: options.after,
    distinct: true,
    message: 'Update Shiplog configuration',
    timestamp: '2026-11-22T00:00:00Z',
    url: `https://github.com/${repo}/commit/${options.after}`,
    author: person,
    committer: person,
    added: [],
    removed: [],
    modified: options.changed,
  };
  return {
    ...example,
    ref: `refs/heads/${options.branch ?? 'main'}`,
    after: options.after,
    repository: {
      ...repository,
      default_branch: 'main',
      has_discussions: false,
      topics: [],
      visibility: 'public',
    },
    commits: [commit],
    head_commit: commit,
  };
}

export function deploymentCreated(
  repo: string,
  deployment: { id: number; sha: string; environment: string; payload?: Json },
): Json {
  const example = withRepository(webhookExample('deployment', 'created'), repo);
  const original = example.deployment as Json;
  return {
    ...example,
    workflow: null,
    workflow_run: null,
    deployment: {
      ...original,
      id: deployment.id,
      sha: deployment.sha,
      ref: deployment.sha,
      environment: deployment.environment,
      original_environment: deployment.environment,
      payload: deployment.payload ?? {},
      performed_via_github_app: null,
    },
  };
}

export function deploymentStatusCreated(
  repo: string,
  deployment: { id: number; sha: string; environment: string; payload?: Json },
  status: { state: string; logUrl?: string; environmentUrl?: string },
): Json {
  const example = withRepository(webhookExample('deployment_status', 'created'), repo);
  const originalDeployment = example.deployment as Json;
  const originalStatus = example.deployment_status as Json;
  return {
    ...example,
    deployment: {
      ...originalDeployment,
      id: deployment.id,
      sha: deployment.sha,
      ref: deployment.sha,
      environment: deployment.environment,
      payload: deployment.payload ?? {},
      performed_via_github_app: null,
    },
    deployment_status: {
      ...originalStatus,
      state: status.state,
      environment: deployment.environment,
      log_url: status.logUrl ?? originalStatus.log_url,
      target_url: status.logUrl ?? originalStatus.target_url,
      environment_url: status.environmentUrl ?? originalStatus.environment_url,
      performed_via_github_app: null,
    },
  };
}

export function workflowJobCompleted(
  repo: string,
  job: { id: number; runId: number; name: string; conclusion: string },
): Json {
  const example = withRepository(webhookExample('workflow_job', 'completed'), repo);
  return {
    ...example,
    workflow_job: {
      ...(example.workflow_job as Json),
      id: job.id,
      run_id: job.runId,
      name: job.name,
      conclusion: job.conclusion,
      status: 'completed',
    },
  };
}

export function workflowRunCompleted(
  repo: string,
  run: { id: number; conclusion: string; path: string },
): Json {
  const example = withRepository(webhookExample('workflow_run', 'completed'), repo);
  const original = example.workflow_run as Json;
  return {
    ...example,
    workflow_run: {
      ...original,
      id: run.id,
      conclusion: run.conclusion,
      status: 'completed',
      path: run.path,
      actor: example.sender,
      triggering_actor: example.sender,
      html_url: `https://github.com/${repo}/actions/runs/${run.id}`,
    },
  };
}
