/**
 * Loads a repository's `.github/shiplog.yml` into projects and environments. An invalid file changes
 * nothing (the last valid configuration stays) and is reported where its author looks: a failed check
 * run on the commit, naming the file, the field and the line.
 *
 * Which wins: a project named in the file is managed by the file. A project of the same name made
 * through the management API for the same repository is taken over by the file; one for another
 * repository is a conflict, reported in the check run, and left alone.
 */
import type { Logger } from 'pino';
import {
  type EnvironmentConfig,
  REPO_CONFIG_FILE,
  REPO_CONFIG_PATH,
  type RepoConfig,
} from '../../shared/config/repo-config.js';
import { type ConfigProblem, validateRepoConfig } from '../config-file/validate-repo-config.js';
import type { GitHubGateway } from '../github/gateway.js';
import { DEFAULT_TIMEOUT_MINUTES } from '../store/defaults.js';
import type { EnvironmentSettings, ProjectRecord } from '../store/records.js';
import type { Store, StoreWriter } from '../store/store.js';

export const CHECK_RUN_NAME = 'Shiplog configuration';

export type ConfigLoadResult =
  | { readonly kind: 'absent' }
  | { readonly kind: 'loaded'; readonly projects: string[] }
  | { readonly kind: 'invalid'; readonly problems: ConfigProblem[] };

function settingsFrom(config: EnvironmentConfig, position: number): EnvironmentSettings {
  return {
    position,
    production: config.production ?? config.tier === 'production',
    transient: config.transient ?? false,
    timeoutMinutes: config.timeout_minutes ?? DEFAULT_TIMEOUT_MINUTES,
    deployWorkflow: config.deploy_workflow ?? null,
    deployInputs: config.deploy_inputs ?? {},
    githubEnvironment: config.github_environment ?? null,
    oidcRequiresEnvironment: config.oidc_require_environment ?? false,
    freezes: (config.freezes ?? []).map((f) => ({ from: f.from, to: f.to, reason: f.reason ?? null })),
    approvals: (config.approvals ?? []).map((rule) => ({
      count: rule.count,
      users: (rule.users ?? []).map((user) => user.replace(/^@/, '')),
      teams: (rule.teams ?? []).map((team) => team.replace(/^@/, '')),
    })),
  };
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map(
      (p) =>
        `- ${REPO_CONFIG_PATH}${p.line ? `:${p.line}` : ''}: ${p.field ? `\`${p.field}\` ` : ''}${p.message}`,
    )
    .join('\n');
}

export class RepoConfigService {
  constructor(
    private readonly store: Store,
    private readonly github: GitHubGateway,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Loads the configuration of each repository of a new installation. One repository failing (GitHub
   * down, an invalid file) is logged and does not stop the others.
   */
  async loadAll(repos: readonly string[]): Promise<void> {
    for (const repo of repos) {
      try {
        await this.load(repo);
      } catch (error) {
        this.log.warn({ repo, err: error }, 'could not read the repository configuration');
      }
    }
  }

  /**
   * Reads and applies the repository's configuration at `ref` (default branch when omitted). With
   * `sha`, the outcome is reported as a check run on that commit.
   */
  async load(repo: string, options: { ref?: string; sha?: string } = {}): Promise<ConfigLoadResult> {
    const { config } = await this.github.readConfig(repo, REPO_CONFIG_FILE, options.ref);
    if (config === null) return { kind: 'absent' };
    let validation = validateRepoConfig(config, null);
    if (!validation.ok) {
      // Only an invalid file is worth a second read: its raw text gives the problems' line numbers.
      validation = validateRepoConfig(
        config,
        await this.github.readFile(repo, REPO_CONFIG_PATH, options.ref),
      );
    }
    const problems = validation.ok
      ? await this.apply(repo, options.sha ?? null, validation.config)
      : validation.problems;
    if (problems.length > 0) {
      await this.store.transaction(async (tx) => {
        const previous = await tx.getRepoConfig(repo);
        await tx.putRepoConfig({
          repo,
          sha: previous?.sha ?? null,
          projects: previous?.projects ?? [],
          loadedAt: previous?.loadedAt ?? this.now().toISOString(),
          error: formatProblems(problems),
          allowForks: previous?.allowForks ?? false,
        });
      });
    }
    if (options.sha) await this.report(repo, options.sha, problems);
    this.log.info({ repo, problems: problems.length }, 'repository configuration read');
    return problems.length > 0
      ? { kind: 'invalid', problems }
      : { kind: 'loaded', projects: Object.keys(validation.ok ? validation.config.projects : {}) };
  }

  /** Applies a valid configuration in one transaction; returns conflicts that kept a project out. */
  private async apply(repo: string, sha: string | null, config: RepoConfig): Promise<ConfigProblem[]> {
    const at = this.now().toISOString();
    return this.store
      .transaction(async (tx) => {
        const problems: ConfigProblem[] = [];
        const applied: string[] = [];
        for (const [name, projectConfig] of Object.entries(config.projects)) {
          const existing = await tx.getProject(name);
          if (existing && existing.repo.toLowerCase() !== repo.toLowerCase()) {
            problems.push({
              field: `projects.${name}`,
              message: `project '${name}' already exists for repository ${existing.repo}; choose another name`,
              line: undefined,
            });
            continue;
          }
          const project: ProjectRecord = existing
            ? { ...existing, source: 'config', buildWorkflow: projectConfig.build_workflow ?? null }
            : await tx.insertProject({
                name,
                repo,
                buildWorkflow: projectConfig.build_workflow ?? null,
                source: 'config',
                createdAt: at,
              });
          if (existing) await tx.updateProject(project);
          await this.applyEnvironments(tx, project, projectConfig.environments, at);
          applied.push(name);
        }
        // All or nothing: a conflict keeps the whole previous configuration.
        if (problems.length > 0) throw new ConfigConflict(problems);
        await tx.putRepoConfig({
          repo,
          sha,
          projects: applied,
          loadedAt: at,
          error: null,
          allowForks: config.allow_forks ?? false,
        });
        return [];
      })
      .catch((error: unknown) => {
        if (error instanceof ConfigConflict) return error.problems;
        throw error;
      });
  }

  private async applyEnvironments(
    tx: StoreWriter,
    project: ProjectRecord,
    environments: Record<string, EnvironmentConfig>,
    at: string,
  ): Promise<void> {
    const existing = await tx.listEnvironments(project.id);
    for (const [position, [name, config]] of Object.entries(environments).entries()) {
      const settings = settingsFrom(config, position);
      const current = existing.find((e) => e.name === name);
      if (current) await tx.updateEnvironment({ ...current, tier: config.tier, settings });
      else
        await tx.insertEnvironment({
          projectId: project.id,
          name,
          tier: config.tier,
          settings,
          createdAt: at,
        });
    }
    // Environments no longer in the file go, unless they hold deployments: history is never deleted.
    for (const environment of existing) {
      if (environment.name in environments) continue;
      if ((await tx.countDeployments(environment.id)) === 0) await tx.deleteEnvironment(environment.id);
    }
  }

  private async report(repo: string, sha: string, problems: readonly ConfigProblem[]): Promise<void> {
    const ok = problems.length === 0;
    await this.github.createCheckRun(repo, {
      sha,
      name: CHECK_RUN_NAME,
      conclusion: ok ? 'success' : 'failure',
      title: ok
        ? `${REPO_CONFIG_PATH} is valid`
        : `${REPO_CONFIG_PATH} is invalid: the previous configuration stays`,
      summary: ok
        ? `Shiplog loaded ${REPO_CONFIG_PATH}.`
        : `Shiplog found ${problems.length} problem(s) in ${REPO_CONFIG_PATH} and kept the last valid configuration:\n\n${formatProblems(problems)}`,
      annotations: problems
        .filter((p) => p.line !== undefined)
        .map((p) => ({
          path: REPO_CONFIG_PATH,
          line: p.line as number,
          message: `${p.field}: ${p.message}`,
        })),
    });
  }
}

/** Rolls back a configuration whose projects conflict with others. */
class ConfigConflict extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super('configuration conflicts with existing projects');
  }
}
