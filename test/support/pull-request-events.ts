/**
 * Webhook bodies for pull-request commands: `issue_comment`, `pull_request` and
 * `deployment_protection_rule`, built from GitHub's examples (or, for the protection rule, which has
 * none, from the pieces of others) and pointed at a test repository. `deliver()` validates each one
 * against GitHub's webhook schema before sending.
 */
import { webhookExample } from './webhook-examples.js';

type Json = Record<string, unknown>;

let comments = 5_000;

/** Points an example's `repository` at `org/name`. */
function withRepository(example: Json, fullName: string): Json {
  const [owner = '', name = ''] = fullName.split('/');
  const repository = example.repository as Json & { owner: Json };
  return {
    ...example,
    repository: {
      ...repository,
      full_name: fullName,
      name,
      owner: { ...repository.owner, login: owner },
      html_url: `https://github.com/${fullName}`,
    },
  };
}

function user(example: Json, login: string, type = 'User'): Json {
  return {
    ...example,
    login,
    id: 10_000 + ([...login].reduce((n, c) => n * 31 + c.charCodeAt(0), 7) % 100_000),
    type,
  };
}

/** A `reactions` rollup with no reactions. */
const noReactions = (url: string): Json => ({
  url: `${url}/reactions`,
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  confused: 0,
  heart: 0,
  hooray: 0,
  eyes: 0,
  rocket: 0,
});

export interface CommentOptions {
  readonly body: string;
  readonly author: string;
  /** Defaults to a fresh id. */
  readonly id?: number;
  /** Defaults to now. */
  readonly createdAt?: string;
  /** A bot's comment (Shiplog's own replies). */
  readonly bot?: boolean;
  readonly action?: 'created' | 'edited';
}

/** `issue_comment.created` (or `edited`) on pull request `number`. */
export function issueComment(repo: string, number: number, options: CommentOptions): Json {
  const example = withRepository(webhookExample('issue_comment', options.action ?? 'created'), repo);
  const issue = example.issue as Json;
  const comment = example.comment as Json;
  const id = options.id ?? (comments += 1);
  const at = options.createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const author = user(comment.user as Json, options.author, options.bot ? 'Bot' : 'User');
  return {
    ...example,
    issue: {
      ...issue,
      number,
      // The shipped example lacks fields its schema requires.
      labels: [],
      active_lock_reason: null,
      reactions: noReactions(`https://api.github.com/repos/${repo}/issues/${number}`),
      html_url: `https://github.com/${repo}/pull/${number}`,
      pull_request: {
        url: `https://api.github.com/repos/${repo}/pulls/${number}`,
        html_url: `https://github.com/${repo}/pull/${number}`,
        diff_url: `https://github.com/${repo}/pull/${number}.diff`,
        patch_url: `https://github.com/${repo}/pull/${number}.patch`,
        merged_at: null,
      },
    },
    comment: {
      ...comment,
      id,
      body: options.body,
      user: author,
      created_at: at,
      updated_at: at,
      html_url: `https://github.com/${repo}/pull/${number}#issuecomment-${id}`,
      performed_via_github_app: null,
      reactions: noReactions(`https://api.github.com/repos/${repo}/issues/comments/${id}`),
    },
    sender: author,
  };
}

/** `issue_comment.created` on an issue that is not a pull request. */
export function issueOnlyComment(repo: string, number: number, options: CommentOptions): Json {
  const payload = issueComment(repo, number, options);
  const { pull_request: _dropped, ...issue } = payload.issue as Json;
  return { ...payload, issue: { ...issue, html_url: `https://github.com/${repo}/issues/${number}` } };
}

export interface PullRequestOptions {
  readonly headSha: string;
  /** The head's arrival (`updated_at`); defaults to now. */
  readonly updatedAt?: string;
  readonly merged?: boolean;
}

/** `pull_request.<action>`: `opened`, `synchronize` or `closed`. */
export function pullRequest(
  repo: string,
  number: number,
  action: 'opened' | 'synchronize' | 'closed',
  options: PullRequestOptions,
): Json {
  const example = withRepository(webhookExample('pull_request', action), repo);
  const pull = example.pull_request as Json;
  const head = pull.head as Json;
  const base = pull.base as Json;
  // Some shipped examples predate `has_discussions`, which the schema requires of repositories.
  const repoOf = (side: Json): Json => ({ has_discussions: false, ...(side.repo as Json) });
  const at = options.updatedAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const merged = action === 'closed' ? (options.merged ?? false) : false;
  return {
    ...example,
    number,
    pull_request: {
      ...pull,
      number,
      state: action === 'closed' ? 'closed' : 'open',
      updated_at: at,
      closed_at: action === 'closed' ? at : null,
      merged,
      merged_at: merged ? at : null,
      head: { ...head, sha: options.headSha, repo: repoOf(head) },
      base: { ...base, repo: repoOf(base) },
      auto_merge: null,
    },
  };
}

export interface ProtectionRuleOptions {
  readonly environment: string;
  readonly runId: number;
  readonly deploymentId: number;
  readonly sha: string;
  readonly creator: string;
  readonly pullRequests?: readonly number[];
}

/**
 * `deployment_protection_rule.requested`. GitHub ships no example: the deployment comes from the
 * `deployment` example, the pull requests from the `pull_request` one.
 */
export function protectionRuleRequested(repo: string, options: ProtectionRuleOptions): Json {
  const deploymentEvent = withRepository(webhookExample('deployment', 'created'), repo);
  const pullEvent = withRepository(webhookExample('pull_request', 'opened'), repo);
  const deployment = deploymentEvent.deployment as Json;
  const creator = user(deployment.creator as Json, options.creator);
  return {
    action: 'requested',
    environment: options.environment,
    event: 'push',
    deployment_callback_url: `https://api.github.com/repos/${repo}/actions/runs/${options.runId}/deployment_protection_rule`,
    deployment: {
      ...deployment,
      id: options.deploymentId,
      sha: options.sha,
      ref: options.sha,
      environment: options.environment,
      original_environment: options.environment,
      creator,
      payload: {},
      performed_via_github_app: null,
    },
    pull_requests: (options.pullRequests ?? []).map((number) => ({
      ...(pullEvent.pull_request as Json),
      number,
      auto_merge: null,
    })),
    repository: deploymentEvent.repository,
    installation: { id: 77, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc=' },
    sender: creator,
  };
}
