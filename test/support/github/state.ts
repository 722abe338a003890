/**
 * The mutable model of GitHub the stub's default handlers read and write. Plain data: a test sets up repos
 * and reads back what the code under test wrote.
 *
 * @packageDocumentation
 */
import type { JsonObject } from './json.js';

/** A repository. */
export interface RepoState {
  id: number;
  /** Id of the GitHub App installation that can see this repo; none means the app is not installed. */
  installationId?: number;
  /** Defaults to `main`. */
  defaultBranch?: string;
  /** Full 40-hex commit SHAs, oldest first; the last one is the head of the default branch. */
  commits: string[];
  /** Path -> UTF-8 content on the default branch. */
  files?: Record<string, string>;
  private?: boolean;
  /** Collaborators by login, with their role: `admin`, `maintain`, `write`, `triage` or `read`. */
  collaborators?: Record<string, string>;
  /** Pull requests by number. */
  pulls?: Record<number, PullRequestState>;
}

/** A pull request of a repository. */
export interface PullRequestState {
  /** The head commit; need not be in `commits`. */
  headSha: string;
  /** Defaults to `feature-<number>`. */
  headRef?: string;
  /** The fork the head branch lives in (`someone/web`); unset for a branch of the repository itself. */
  headRepo?: string;
  /** Defaults to `open`. */
  state?: 'open' | 'closed';
  merged?: boolean;
  /** Author login; defaults to `octocat`. */
  user?: string;
}

/** A review of a deployment protection rule (`POST .../actions/runs/{run_id}/deployment_protection_rule`). */
export interface ProtectionRuleReviewRecord {
  repo: string;
  runId: number;
  environment: string;
  /** `approved` or `rejected`; undefined for a comment that leaves the rule waiting. */
  state: string | undefined;
  comment: string | undefined;
  request: JsonObject;
}

/** The GitHub App the code under test authenticates as. */
export interface AppState {
  id: number;
  slug: string;
  name?: string;
  /**
   * PEM private key the app signs its JWTs with. When set, the stub verifies JWT signatures with it and checks
   * that `iss` is the app id.
   */
  privateKey?: string;
}

/** An installation access token the stub issued. */
export interface AccessTokenRecord {
  token: string;
  installationId: number;
  expiresAt: string;
  permissions: Record<string, string>;
  /** Repository names the token is limited to, when the request asked for some. */
  repositories?: string[];
}

/** A deployment created through the API. */
export interface DeploymentRecord {
  /** `owner/name` as stored in {@link GitHubState.repos}. */
  repo: string;
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  /** The request body as sent. */
  request: JsonObject;
  /** The deployment as GitHub answers it. */
  response: JsonObject;
}

/** A deployment status created through the API (or added by `auto_inactive`). */
export interface DeploymentStatusRecord {
  repo: string;
  deploymentId: number;
  id: number;
  state: string;
  environment: string;
  request: JsonObject;
  response: JsonObject;
}

/** A check run created (and possibly updated) through the API. */
export interface CheckRunRecord {
  repo: string;
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  request: JsonObject;
  /** Bodies of later `checks/update` calls, in order. */
  updates: JsonObject[];
  response: JsonObject;
}

/** A `workflow_dispatch` event created through the API. */
export interface DispatchRecord {
  repo: string;
  /** Workflow id or file name, as given in the path. */
  workflowId: string;
  ref: string;
  inputs: JsonObject;
  request: JsonObject;
}

/** An issue or pull-request comment created through the API. */
export interface IssueCommentRecord {
  repo: string;
  issueNumber: number;
  id: number;
  body: string;
  request: JsonObject;
  response: JsonObject;
}

/** A reaction to an issue comment created through the API. */
export interface ReactionRecord {
  repo: string;
  commentId: number;
  id: number;
  content: string;
  request: JsonObject;
  response: JsonObject;
}

/** Everything the stub knows about GitHub. */
export interface GitHubState {
  app?: AppState;
  /** Keyed by `owner/name`; looked up case-insensitively like GitHub does. */
  repos: Record<string, RepoState>;
  accessTokens: AccessTokenRecord[];
  deployments: DeploymentRecord[];
  deploymentStatuses: DeploymentStatusRecord[];
  checkRuns: CheckRunRecord[];
  dispatches: DispatchRecord[];
  issueComments: IssueCommentRecord[];
  reactions: ReactionRecord[];
  /** Team members by `org/slug` (lower-cased), all active. */
  teams: Record<string, string[]>;
  protectionRuleReviews: ProtectionRuleReviewRecord[];
}

/** A state with empty collections, overlaid with what the test provides. */
export function createState(initial: Partial<GitHubState> = {}): GitHubState {
  return {
    repos: {},
    accessTokens: [],
    deployments: [],
    deploymentStatuses: [],
    checkRuns: [],
    dispatches: [],
    issueComments: [],
    reactions: [],
    teams: {},
    protectionRuleReviews: [],
    ...initial,
  };
}

/** A repository found by {@link findRepo}. */
export interface FoundRepo {
  /** The key in {@link GitHubState.repos}: the canonical `owner/name` spelling. */
  fullName: string;
  owner: string;
  name: string;
  repo: RepoState;
}

/** Looks a repository up by owner and name, ignoring case. */
export function findRepo(state: GitHubState, owner: string, name: string): FoundRepo | undefined {
  const wanted = `${owner}/${name}`.toLowerCase();
  const entry = Object.entries(state.repos).find(([fullName]) => fullName.toLowerCase() === wanted);
  return entry && toFoundRepo(...entry);
}

/** The repositories an installation can see. */
export function reposOfInstallation(state: GitHubState, installationId: number): FoundRepo[] {
  return Object.entries(state.repos)
    .filter(([, repo]) => repo.installationId === installationId)
    .map(([fullName, repo]) => toFoundRepo(fullName, repo));
}

function toFoundRepo(fullName: string, repo: RepoState): FoundRepo {
  const [owner = '', name = ''] = fullName.split('/');
  return { fullName, owner, name, repo };
}

/** The repository's default branch (`main` when unset). */
export function defaultBranch(repo: RepoState): string {
  return repo.defaultBranch ?? 'main';
}

/** Whether `ref` names the default branch (`main`, `heads/main`, `refs/heads/main`). */
export function isDefaultBranchRef(repo: RepoState, ref: string): boolean {
  const branch = defaultBranch(repo);
  return ref === branch || ref === `heads/${branch}` || ref === `refs/heads/${branch}`;
}

/** Resolves a commit SHA: a full SHA, or a unique prefix of at least 4 hex digits. */
export function resolveSha(repo: RepoState, ref: string): string | undefined {
  if (!/^[0-9a-f]{4,40}$/i.test(ref)) return undefined;
  const prefix = ref.toLowerCase();
  const matches = repo.commits.filter((sha) => sha.toLowerCase().startsWith(prefix));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Resolves a ref the way git does here: the default branch (its head commit) or a commit SHA. */
export function resolveRef(repo: RepoState, ref: string): string | undefined {
  if (isDefaultBranchRef(repo, ref)) return repo.commits.at(-1);
  return resolveSha(repo, ref);
}
