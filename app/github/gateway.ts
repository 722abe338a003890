/**
 * The one door to GitHub. Every Octokit call the App makes goes through a gateway method, so services
 * stay free of Octokit and tests can hand them a plain object.
 */
/** What GitHub says about a commit reference in a repository. */
export type CommitLookup =
  | { readonly kind: 'found'; readonly sha: string }
  /** The repository does not exist, or the App is not installed on it. */
  | { readonly kind: 'repository-not-found' }
  | { readonly kind: 'commit-not-found' }
  /** GitHub validation is off (the App is not configured): nothing was checked. */
  | { readonly kind: 'unverified' };

/** GitHub's deployment status states (what Shiplog statuses map to). */
export type GitHubDeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface NewGitHubDeployment {
  readonly sha: string;
  readonly environment: string;
  readonly description: string;
  readonly production: boolean;
  readonly transient: boolean;
  /** Shiplog's ids, so the deployment can be recognised (and found again after a crash). */
  readonly payload: {
    readonly shiplog: {
      readonly project: string;
      readonly deployment_id: number;
      readonly version: string | null;
    };
  };
}

export interface NewGitHubDeploymentStatus {
  readonly state: GitHubDeploymentState;
  readonly description: string;
  readonly logUrl: string | null;
  readonly environmentUrl: string | null;
}

/** The raw text and parsed content of a repository's config file, with `_extends` applied. */
export interface ConfigFileRead {
  /** Null when the repository has no such file (nor inherits one). */
  readonly config: Record<string, unknown> | null;
}

export interface CheckRunReport {
  readonly sha: string;
  readonly name: string;
  readonly conclusion: 'success' | 'failure';
  readonly title: string;
  readonly summary: string;
  readonly annotations?: readonly { path: string; line: number; message: string }[];
}

export interface WorkflowDispatch {
  readonly workflow: string;
  /** A branch or tag; GitHub does not dispatch at a bare SHA. */
  readonly ref: string;
  readonly inputs: Record<string, string>;
}

export interface DispatchedRun {
  readonly runId: number | null;
  readonly runUrl: string | null;
}

/** A collaborator's access to a repository: GitHub's base `permission` and the `role_name`. */
export interface RepositoryAccess {
  /** `admin`, `write`, `read` or `none` (maintain counts as write, triage as read). */
  readonly permission: 'admin' | 'write' | 'read' | 'none';
  /** `admin`, `maintain`, `write`, `triage`, `read`, or a custom role's name; `none` for a stranger. */
  readonly role: string;
}

/** What a pull-request command needs to know about its pull request. */
export interface PullRequestInfo {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly headSha: string;
  /** True when the head branch lives in another repository (a fork), or the fork was deleted. */
  readonly fromFork: boolean;
}

/** Reactions Shiplog leaves on a command: seen, done, refused. */
export type CommandReaction = 'eyes' | 'rocket' | '-1';

/** An answer to a deployment protection rule; without `state` it is a note and the rule keeps waiting. */
export interface ProtectionRuleReview {
  /** The environment's name on GitHub. */
  readonly environment: string;
  readonly state?: 'approved' | 'rejected';
  readonly comment: string;
}

export interface PostedComment {
  readonly id: number;
}

export interface GitHubGateway {
  /** False while the App runs without GitHub credentials. */
  readonly enabled: boolean;
  /** The App's own id: events it caused carry it and are not echoed back. */
  readonly appId: number | null;
  /** Resolves a full or abbreviated SHA in `org/repo` to the full SHA. */
  lookupCommit(repo: string, ref: string): Promise<CommitLookup>;
  createDeployment(repo: string, deployment: NewGitHubDeployment): Promise<number>;
  /** A GitHub deployment Shiplog created for its deployment `shiplogId`, if one exists (crash recovery). */
  findDeployment(
    repo: string,
    sha: string,
    environment: string,
    shiplogId: number,
  ): Promise<number | undefined>;
  createDeploymentStatus(
    repo: string,
    githubDeploymentId: number,
    status: NewGitHubDeploymentStatus,
  ): Promise<void>;
  defaultBranch(repo: string): Promise<string>;
  dispatchWorkflow(repo: string, dispatch: WorkflowDispatch): Promise<DispatchedRun>;
  /** Reads `.github/<file>` through Probot's config loader (`_extends`, the org's `.github` repository). */
  readConfig(repo: string, file: string, ref?: string): Promise<ConfigFileRead>;
  /** The raw text of a file, or null when it does not exist. */
  readFile(repo: string, path: string, ref?: string): Promise<string | null>;
  createCheckRun(repo: string, report: CheckRunReport): Promise<void>;
  /** `login`'s access to the repository (`none` when they are not a collaborator). */
  repositoryAccess(repo: string, login: string): Promise<RepositoryAccess>;
  /** Whether `login` is an active member of team `org/slug` (the App needs `members: read`). */
  isTeamMember(repo: string, team: string, login: string): Promise<boolean>;
  getPullRequest(repo: string, number: number): Promise<PullRequestInfo>;
  addReaction(repo: string, commentId: number, reaction: CommandReaction): Promise<void>;
  /** Comments on an issue or pull request. */
  createComment(repo: string, issueNumber: number, body: string): Promise<PostedComment>;
  /**
   * Answers (or comments on) a deployment protection rule of a workflow run. `callbackUrl` is the
   * webhook's `deployment_callback_url`.
   */
  reviewProtectionRule(repo: string, callbackUrl: string, review: ProtectionRuleReview): Promise<void>;
}

/** Thrown when GitHub cannot answer (network, 5xx, rate limit): the caller must not guess. */
export class GitHubUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitHubUnavailableError';
  }
}

/** Thrown when GitHub refused a request for good (4xx other than rate limits): retrying will not help. */
export class GitHubRejectedError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'GitHubRejectedError';
  }
}

const off = async (): Promise<never> => {
  throw new GitHubUnavailableError('GitHub is not configured');
};

/** The gateway used while the App is not configured: validation and mirroring are off. */
export const disabledGitHubGateway: GitHubGateway = {
  enabled: false,
  appId: null,
  lookupCommit: async () => ({ kind: 'unverified' }),
  createDeployment: off,
  findDeployment: off,
  createDeploymentStatus: off,
  defaultBranch: off,
  dispatchWorkflow: off,
  readConfig: off,
  readFile: off,
  createCheckRun: off,
  repositoryAccess: off,
  isTeamMember: off,
  getPullRequest: off,
  addReaction: off,
  createComment: off,
  reviewProtectionRule: off,
};

/**
 * The run a deployment protection rule callback of `repo` is for
 * (`…/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`), or undefined when the URL
 * is not one.
 */
export function protectionRuleRunId(repo: string, callbackUrl: string): number | undefined {
  let path: string;
  try {
    path = new URL(callbackUrl).pathname;
  } catch {
    return undefined;
  }
  const match = /\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(path);
  if (!match || `${match[1]}/${match[2]}`.toLowerCase() !== repo.toLowerCase()) return undefined;
  return Number(match[3]);
}
