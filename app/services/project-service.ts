/**
 * Projects, their environments and their API tokens (the management API), and the access rule every
 * project-scoped request goes through.
 */
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../errors.js';
import { messages } from '../messages.js';
import type { EnvironmentRecord, ProjectRecord, TokenRecord } from '../store/records.js';
import { defaultEnvironmentSettings } from '../store/defaults.js';
import type { Store } from '../store/store.js';
import type { EnvironmentInput, ProjectInput } from '../../shared/api/schemas.js';
import { generateToken, type Principal } from './auth-service.js';
import { githubEnvironmentName } from './environment-match.js';
import { oidcMessages, sameRepository } from './oidc-verifier.js';

export interface ProjectView {
  readonly project: ProjectRecord;
  readonly environments: EnvironmentRecord[];
}

export class ProjectService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The project named `name`, if `principal` may use it. A project token of another project gets the
   * same 404 as a project that does not exist, so it learns nothing about other projects. An OIDC
   * principal may use the projects of its token's repository, with the same kind of 404 otherwise.
   */
  async requireProject(principal: Principal, name: string): Promise<ProjectRecord> {
    const project = await this.store.getProject(name);
    if (principal.kind === 'admin') {
      if (!project) throw notFound(messages.projectNotFound(name));
      return project;
    }
    if (principal.kind === 'oidc') {
      if (!project || !sameRepository(project.repo, principal.repository)) {
        throw notFound(oidcMessages.projectNotAccessible(name, principal.repository));
      }
      return project;
    }
    if (!project || project.id !== principal.projectId) throw notFound(messages.projectNotAccessible(name));
    return project;
  }

  /**
   * The environment `name` of `project`. With an OIDC `principal`, an environment that requires it
   * also needs the token's `environment` claim to be its GitHub name: 401 otherwise.
   */
  async requireEnvironment(
    project: ProjectRecord,
    name: string,
    principal?: Principal,
  ): Promise<EnvironmentRecord> {
    const environment = await this.store.getEnvironment(project.id, name);
    if (!environment) throw notFound(messages.environmentNotFound(project.name, name));
    if (principal?.kind === 'oidc' && environment.settings.oidcRequiresEnvironment) {
      const projectsInRepo = (await this.store.listProjectsByRepo(project.repo)).length;
      const expected = githubEnvironmentName(project, environment, projectsInRepo);
      if (principal.claims.environment !== expected) {
        throw unauthorized(oidcMessages.environment(principal.claims.environment, expected));
      }
    }
    return environment;
  }

  /**
   * The projects tracking `repo` (`org/repo`), in the order they were created. For pull-request
   * commands, whose callers GitHub has already vouched for; API requests go through {@link requireProject}.
   */
  projectsOfRepository(repo: string): Promise<ProjectRecord[]> {
    return this.store.listProjectsByRepo(repo);
  }

  /** The environment `name` of `project`, if it has one. */
  findEnvironment(project: ProjectRecord, name: string): Promise<EnvironmentRecord | undefined> {
    return this.store.getEnvironment(project.id, name);
  }

  /** The environments of `project`. */
  environmentsOf(project: ProjectRecord): Promise<EnvironmentRecord[]> {
    return this.store.listEnvironments(project.id);
  }

  async create(principal: Principal, input: ProjectInput): Promise<ProjectView> {
    requireAdmin(principal);
    const environments = input.environments ?? [];
    const seen = new Set<string>();
    for (const { name } of environments) {
      if (seen.has(name)) throw badRequest(messages.duplicateEnvironment(name));
      seen.add(name);
    }
    const createdAt = this.now().toISOString();
    return this.store.transaction(async (tx) => {
      if (await tx.getProject(input.name)) throw conflict(messages.projectExists(input.name));
      const project = await tx.insertProject({
        name: input.name,
        repo: input.repo,
        buildWorkflow: null,
        source: 'api',
        createdAt,
      });
      const created: EnvironmentRecord[] = [];
      for (const [position, environment] of environments.entries()) {
        created.push(
          await tx.insertEnvironment({
            projectId: project.id,
            ...environment,
            settings: defaultEnvironmentSettings(environment.tier, position),
            createdAt,
          }),
        );
      }
      return { project, environments: created };
    });
  }

  async get(principal: Principal, name: string): Promise<ProjectView> {
    const project = await this.requireProject(principal, name);
    return { project, environments: await this.store.listEnvironments(project.id) };
  }

  async list(principal: Principal): Promise<ProjectView[]> {
    const projects =
      principal.kind === 'admin'
        ? await this.store.listProjects()
        : principal.kind === 'oidc'
          ? (await this.store.listProjectsByRepo(principal.repository)).sort((a, b) =>
              a.name.localeCompare(b.name),
            )
          : [await this.store.getProjectById(principal.projectId)].filter((p) => p !== undefined);
    return Promise.all(
      projects.map(async (project) => ({
        project,
        environments: await this.store.listEnvironments(project.id),
      })),
    );
  }

  async addEnvironment(principal: Principal, projectName: string, input: EnvironmentInput) {
    requireAdmin(principal);
    const project = await this.requireProject(principal, projectName);
    return this.store.transaction(async (tx) => {
      if (await tx.getEnvironment(project.id, input.name)) {
        throw conflict(messages.environmentExists(project.name, input.name));
      }
      const position = (await tx.listEnvironments(project.id)).length;
      return tx.insertEnvironment({
        projectId: project.id,
        ...input,
        settings: defaultEnvironmentSettings(input.tier, position),
        createdAt: this.now().toISOString(),
      });
    });
  }

  async removeEnvironment(principal: Principal, projectName: string, environmentName: string): Promise<void> {
    requireAdmin(principal);
    const project = await this.requireProject(principal, projectName);
    await this.store.transaction(async (tx) => {
      const environment = await tx.getEnvironment(project.id, environmentName);
      if (!environment) throw notFound(messages.environmentNotFound(project.name, environmentName));
      const count = await tx.countDeployments(environment.id);
      if (count > 0) throw conflict(messages.environmentHasDeployments(environmentName, count));
      await tx.deleteEnvironment(environment.id);
    });
  }

  /** Creates a project token. The secret is returned here once and only its hash is stored. */
  async createToken(principal: Principal, projectName: string, name: string | undefined) {
    requireAdmin(principal);
    const project = await this.requireProject(principal, projectName);
    const { token, hash, prefix } = generateToken();
    const record = await this.store.transaction((tx) =>
      tx.insertToken({
        projectId: project.id,
        name: name ?? 'default',
        hash,
        prefix,
        createdAt: this.now().toISOString(),
        revokedAt: null,
      }),
    );
    return { record, token };
  }

  async listTokens(principal: Principal, projectName: string): Promise<TokenRecord[]> {
    requireAdmin(principal);
    const project = await this.requireProject(principal, projectName);
    return this.store.listTokens(project.id);
  }

  /** Revokes a token; revoking it again is a no-op. */
  async revokeToken(principal: Principal, projectName: string, id: number): Promise<void> {
    requireAdmin(principal);
    const project = await this.requireProject(principal, projectName);
    await this.store.transaction(async (tx) => {
      const token = (await tx.listTokens(project.id)).find((t) => t.id === id);
      if (!token) throw notFound(messages.tokenNotFound(project.name, id));
      if (token.revokedAt === null) await tx.updateToken({ ...token, revokedAt: this.now().toISOString() });
    });
  }
}

function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw forbidden(messages.adminOnly);
}
