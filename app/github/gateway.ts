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

export interface GitHubGateway {
  /** False while the App runs without GitHub credentials. */
  readonly enabled: boolean;
  /** Resolves a full or abbreviated SHA in `org/repo` to the full SHA. */
  lookupCommit(repo: string, ref: string): Promise<CommitLookup>;
}

/** Thrown when GitHub cannot answer (network, 5xx, rate limit): the caller must not guess. */
export class GitHubUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitHubUnavailableError';
  }
}

/** The gateway used while the App is not configured: validation and mirroring are off. */
export const disabledGitHubGateway: GitHubGateway = {
  enabled: false,
  lookupCommit: async () => ({ kind: 'unverified' }),
};
