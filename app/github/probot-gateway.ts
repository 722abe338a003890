/**
 * The gateway backed by the GitHub App: app-level (JWT) calls find the repository's installation,
 * installation-token calls read the repository. Installation ids are cached; tokens are cached by Probot.
 */
import type { Probot } from 'probot';
import { type CommitLookup, type GitHubGateway, GitHubUnavailableError } from './gateway.js';

const INSTALLATION_TTL_MS = 10 * 60 * 1000;

interface RequestError {
  status?: number;
}
const statusOf = (error: unknown): number | undefined => (error as RequestError | undefined)?.status;

/** The part of Probot the gateway needs. */
export type ProbotAuth = Pick<Probot, 'auth'>;

export class ProbotGitHubGateway implements GitHubGateway {
  readonly enabled = true;
  private readonly installations = new Map<string, { id: number; until: number }>();

  constructor(
    private readonly probot: ProbotAuth,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets cached installation ids (the App was installed, uninstalled or given other repositories). */
  installationsChanged(): void {
    this.installations.clear();
  }

  async lookupCommit(repo: string, ref: string): Promise<CommitLookup> {
    const [owner = '', name = ''] = repo.split('/');
    const installationId = await this.installationFor(owner, name);
    if (installationId === undefined) return { kind: 'repository-not-found' };
    const octokit = await this.call(() => this.probot.auth(installationId));
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        owner,
        repo: name,
        ref,
        // Only the SHA is needed: skip the diff GitHub would otherwise compute and send.
        per_page: 1,
      });
      return { kind: 'found', sha: data.sha };
    } catch (error) {
      const status = statusOf(error);
      if (status === 422 || status === 409) return { kind: 'commit-not-found' };
      if (status === 404) {
        this.installations.delete(repo.toLowerCase());
        return { kind: 'repository-not-found' };
      }
      throw new GitHubUnavailableError(`GET commit answered ${status ?? 'no response'}`, { cause: error });
    }
  }

  private async installationFor(owner: string, repo: string): Promise<number | undefined> {
    const cacheKey = `${owner}/${repo}`.toLowerCase();
    const cached = this.installations.get(cacheKey);
    if (cached && cached.until > this.now()) return cached.id;
    const app = await this.call(() => this.probot.auth());
    try {
      const { data } = await app.request('GET /repos/{owner}/{repo}/installation', { owner, repo });
      this.installations.set(cacheKey, { id: data.id, until: this.now() + INSTALLATION_TTL_MS });
      return data.id;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw new GitHubUnavailableError(`GET installation answered ${statusOf(error) ?? 'no response'}`, {
        cause: error,
      });
    }
  }

  private async call<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw new GitHubUnavailableError('GitHub authentication failed', { cause: error });
    }
  }
}
