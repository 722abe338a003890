/**
 * The gateway backed by the GitHub App: app-level (JWT) calls find the repository's installation,
 * installation-token calls do the rest. Installation ids are cached; tokens are cached by Probot.
 * Probot's Octokit retries server errors and waits out rate limits (its retry and throttling plugins).
 */
import type { Probot, ProbotOctokit } from 'probot';
import {
  type CheckRunReport,
  type CommandReaction,
  type CommitLookup,
  type ConfigFileRead,
  type DispatchedRun,
  type GitHubGateway,
  GitHubRejectedError,
  GitHubUnavailableError,
  type NewGitHubDeployment,
  type NewGitHubDeploymentStatus,
  type PostedComment,
  protectionRuleRunId,
  type ProtectionRuleReview,
  type PullRequestInfo,
  type RepositoryAccess,
  type WorkflowDispatch,
} from './gateway.js';

const INSTALLATION_TTL_MS = 10 * 60 * 1000;

/** What the gateway reads of an Octokit `RequestError`. */
interface RequestError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}
const statusOf = (error: unknown): number | undefined => (error as RequestError | undefined)?.status;

/** The part of Probot the gateway needs. */
export type ProbotAuth = Pick<Probot, 'auth'>;

function split(repo: string): { owner: string; repo: string } {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, repo: name };
}

/** A 403 that is GitHub's rate limit (primary or secondary), not a lasting refusal. */
function rateLimited(error: unknown): boolean {
  const headers = (error as RequestError | undefined)?.response?.headers;
  return headers?.['retry-after'] !== undefined || String(headers?.['x-ratelimit-remaining']) === '0';
}

/**
 * Turns an Octokit failure into the gateway's two kinds: worth retrying (no answer, 5xx, rate limits),
 * or refused for good (any other 4xx, such as a 403 for a permission the App lacks).
 */
function classify(error: unknown, what: string): Error {
  const status = statusOf(error);
  const detail = `${what}: ${status ?? 'no response'} ${(error as RequestError).message ?? ''}`.trim();
  if (status === undefined || status >= 500 || status === 429 || (status === 403 && rateLimited(error))) {
    return new GitHubUnavailableError(detail, { cause: error });
  }
  return new GitHubRejectedError(status, detail, { cause: error });
}

export class ProbotGitHubGateway implements GitHubGateway {
  readonly enabled = true;
  private readonly installations = new Map<string, { id: number; until: number }>();
  private readonly defaultBranches = new Map<string, string>();

  constructor(
    private readonly probot: ProbotAuth,
    readonly appId: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets cached installation ids (the App was installed, uninstalled or given other repositories). */
  installationsChanged(): void {
    this.installations.clear();
  }

  async lookupCommit(repo: string, ref: string): Promise<CommitLookup> {
    const installationId = await this.installationFor(repo);
    if (installationId === undefined) return { kind: 'repository-not-found' };
    const octokit = await this.authenticate(installationId);
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        ...split(repo),
        ref,
        // Only the SHA is needed: ask for the smallest page of files.
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
      throw classify(error, 'GET commit');
    }
  }

  async createDeployment(repo: string, deployment: NewGitHubDeployment): Promise<number> {
    return this.call(repo, 'POST deployment', async (octokit) => {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
        ...split(repo),
        ref: deployment.sha,
        environment: deployment.environment,
        description: deployment.description,
        production_environment: deployment.production,
        transient_environment: deployment.transient,
        payload: deployment.payload,
        // Shiplog decides what to deploy: no merge of the default branch, no required-status surprise.
        auto_merge: false,
        required_contexts: [],
        task: 'deploy',
      });
      if (!('id' in data))
        throw new GitHubRejectedError(202, `GitHub did not create the deployment: ${data.message ?? ''}`);
      return Number(data.id);
    });
  }

  async findDeployment(repo: string, sha: string, environment: string, shiplogId: number) {
    return this.call(repo, 'GET deployments', async (octokit) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', {
        ...split(repo),
        sha,
        environment,
        per_page: 100,
      });
      const ours = data.find((d) => {
        const payload = d.payload as { shiplog?: { deployment_id?: number } } | string;
        return typeof payload === 'object' && payload.shiplog?.deployment_id === shiplogId;
      });
      return ours === undefined ? undefined : Number(ours.id);
    });
  }

  async createDeploymentStatus(repo: string, githubDeploymentId: number, status: NewGitHubDeploymentStatus) {
    await this.call(repo, 'POST deployment status', (octokit) =>
      octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        ...split(repo),
        deployment_id: githubDeploymentId,
        state: status.state,
        description: status.description.slice(0, 140),
        ...(status.logUrl ? { log_url: status.logUrl } : {}),
        ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
        // Shiplog marks older deployments inactive itself, production ones included (GitHub skips those).
        auto_inactive: false,
      }),
    );
  }

  async defaultBranch(repo: string): Promise<string> {
    const cached = this.defaultBranches.get(repo.toLowerCase());
    if (cached) return cached;
    const branch = await this.call(repo, 'GET repository', async (octokit) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}', split(repo));
      return data.default_branch;
    });
    this.defaultBranches.set(repo.toLowerCase(), branch);
    return branch;
  }

  async dispatchWorkflow(repo: string, dispatch: WorkflowDispatch): Promise<DispatchedRun> {
    return this.call(repo, `dispatch ${dispatch.workflow}`, async (octokit) => {
      const response = await octokit.request(
        'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        {
          ...split(repo),
          workflow_id: dispatch.workflow,
          ref: dispatch.ref,
          inputs: dispatch.inputs,
          return_run_details: true,
        },
      );
      const details = response.data as { workflow_run_id?: number; html_url?: string } | undefined;
      return { runId: details?.workflow_run_id ?? null, runUrl: details?.html_url ?? null };
    });
  }

  async readConfig(repo: string, file: string, ref?: string): Promise<ConfigFileRead> {
    return this.call(repo, `read .github/${file}`, async (octokit) => {
      const { config, files } = await octokit.config.get({
        ...split(repo),
        path: `.github/${file}`,
        ...(ref ? { branch: ref } : {}),
      });
      return { config: files.every((f) => f.config === null) ? null : config };
    });
  }

  async readFile(repo: string, path: string, ref?: string): Promise<string | null> {
    return this.call(repo, `read ${path}`, async (octokit) => {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
          ...split(repo),
          path,
          ...(ref ? { ref } : {}),
          mediaType: { format: 'raw' },
        });
        return typeof data === 'string' ? data : null;
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  async createCheckRun(repo: string, report: CheckRunReport): Promise<void> {
    await this.call(repo, 'POST check run', (octokit) =>
      octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        ...split(repo),
        name: report.name,
        head_sha: report.sha,
        status: 'completed',
        conclusion: report.conclusion,
        output: {
          title: report.title,
          summary: report.summary,
          ...(report.annotations?.length
            ? {
                annotations: report.annotations.map((a) => ({
                  path: a.path,
                  start_line: a.line,
                  end_line: a.line,
                  annotation_level: 'failure' as const,
                  message: a.message,
                })),
              }
            : {}),
        },
      }),
    );
  }

  async repositoryAccess(repo: string, login: string): Promise<RepositoryAccess> {
    return this.call(repo, 'GET collaborator permission', async (octokit) => {
      try {
        const { data } = await octokit.request(
          'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
          { ...split(repo), username: login },
        );
        const permission = ['admin', 'write', 'read'].includes(data.permission)
          ? (data.permission as RepositoryAccess['permission'])
          : 'none';
        return { permission, role: data.role_name };
      } catch (error) {
        // Not a collaborator (GitHub answers 404 for a user it does not know either).
        if (statusOf(error) === 404) return { permission: 'none', role: 'none' };
        throw error;
      }
    });
  }

  async isTeamMember(repo: string, team: string, login: string): Promise<boolean> {
    const [org = '', slug = ''] = team.split('/');
    return this.call(repo, `GET membership of ${team}`, async (octokit) => {
      try {
        const { data } = await octokit.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
          org,
          team_slug: slug,
          username: login,
        });
        // `pending`: invited, not yet a member.
        return data.state === 'active';
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    });
  }

  async getPullRequest(repo: string, number: number): Promise<PullRequestInfo> {
    return this.call(repo, `GET pull request #${number}`, async (octokit) => {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...split(repo),
        pull_number: number,
      });
      const head = data.head.repo?.full_name;
      return {
        number: data.number,
        state: data.state === 'open' ? 'open' : 'closed',
        headSha: data.head.sha,
        fromFork: head === undefined || head.toLowerCase() !== data.base.repo.full_name.toLowerCase(),
      };
    });
  }

  async addReaction(repo: string, commentId: number, reaction: CommandReaction): Promise<void> {
    await this.call(repo, `POST reaction ${reaction}`, (octokit) =>
      octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
        ...split(repo),
        comment_id: commentId,
        content: reaction,
      }),
    );
  }

  async createComment(repo: string, issueNumber: number, body: string): Promise<PostedComment> {
    return this.call(repo, `POST comment on #${issueNumber}`, async (octokit) => {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...split(repo),
        issue_number: issueNumber,
        body,
      });
      return { id: Number(data.id) };
    });
  }

  async reviewProtectionRule(repo: string, callbackUrl: string, review: ProtectionRuleReview) {
    // Only the run id is taken from the webhook's URL: the installation token goes to the configured
    // GitHub API and this repository, never to a host a payload names.
    const runId = protectionRuleRunId(repo, callbackUrl);
    if (runId === undefined) {
      throw new GitHubRejectedError(
        400,
        `not a deployment protection rule callback of ${repo}: ${callbackUrl}`,
      );
    }
    await this.call(repo, `POST deployment protection rule of run ${runId}`, (octokit) =>
      octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule', {
        ...split(repo),
        run_id: runId,
        environment_name: review.environment,
        comment: review.comment.slice(0, 1024),
        ...(review.state ? { state: review.state } : {}),
      }),
    );
  }

  /** Runs `work` with the repository's installation token, mapping failures to the gateway's errors. */
  private async call<T>(
    repo: string,
    what: string,
    work: (octokit: ProbotOctokit) => Promise<T>,
  ): Promise<T> {
    const installationId = await this.installationFor(repo);
    if (installationId === undefined)
      throw new GitHubRejectedError(404, `${what}: the App is not installed on ${repo}`);
    const octokit = await this.authenticate(installationId);
    try {
      return await work(octokit);
    } catch (error) {
      if (error instanceof GitHubRejectedError || error instanceof GitHubUnavailableError) throw error;
      throw classify(error, what);
    }
  }

  private async installationFor(repo: string): Promise<number | undefined> {
    const cacheKey = repo.toLowerCase();
    const cached = this.installations.get(cacheKey);
    if (cached && cached.until > this.now()) return cached.id;
    const app = await this.authenticate();
    try {
      const { data } = await app.request('GET /repos/{owner}/{repo}/installation', split(repo));
      this.installations.set(cacheKey, { id: data.id, until: this.now() + INSTALLATION_TTL_MS });
      return data.id;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw classify(error, 'GET installation');
    }
  }

  private async authenticate(installationId?: number): Promise<ProbotOctokit> {
    try {
      return await this.probot.auth(installationId);
    } catch (error) {
      throw new GitHubUnavailableError('GitHub authentication failed', { cause: error });
    }
  }
}
