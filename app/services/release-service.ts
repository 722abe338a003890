/**
 * Releases and release candidates: cutting a candidate at a commit checked against GitHub, and reading
 * them back. Cutting is idempotent: the same version at the same commit returns the existing candidate.
 */
import { isReleaseVersion, parseCandidateVersion } from '../../shared/version.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import { type GitHubGateway, GitHubUnavailableError } from '../github/gateway.js';
import { messages } from '../messages.js';
import type { CandidateRecord, ProjectRecord, ReleaseRecord } from '../store/records.js';
import type { Page, PageRequest, Store, StoreReader } from '../store/store.js';
import type { Principal } from './auth-service.js';
import type { ProjectService } from './project-service.js';

/** Dispatches a candidate's build (the workflow service). */
export interface BuildDispatcher {
  dispatchBuild(project: ProjectRecord, candidate: CandidateRecord): Promise<CandidateRecord>;
}

const noBuilds: BuildDispatcher = { dispatchBuild: async (_project, candidate) => candidate };

const COMMIT_PATTERN = /^[0-9a-f]{7,40}$/i;

export interface CutCandidateInput {
  readonly version: string;
  readonly repo?: string | undefined;
  readonly commit: string;
  readonly triggerBuildWorkflow?: boolean | undefined;
}

export interface CandidateView {
  readonly project: ProjectRecord;
  readonly candidate: CandidateRecord;
}

export interface ReleaseView {
  readonly project: ProjectRecord;
  readonly release: ReleaseRecord;
  readonly candidates: CandidateRecord[];
}

/** Whether two spellings of a commit name the same commit (either may be abbreviated). */
const sameCommit = (a: string, b: string): boolean => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.startsWith(y) || y.startsWith(x);
};

export class ReleaseService {
  constructor(
    private readonly store: Store,
    private readonly projects: ProjectService,
    private readonly github: GitHubGateway,
    private readonly now: () => Date = () => new Date(),
    private readonly builds: BuildDispatcher = noBuilds,
  ) {}

  /** Cuts a release candidate (creating its release if needed). `created` is false for an idempotent retry. */
  async cutCandidate(
    principal: Principal,
    projectName: string,
    input: CutCandidateInput,
  ): Promise<CandidateView & { created: boolean }> {
    const project = await this.projects.requireProject(principal, projectName);
    const version = parseCandidateVersion(input.version);
    if (!version) throw badRequest(messages.invalidCandidateVersion);
    if (!COMMIT_PATTERN.test(input.commit)) throw badRequest(messages.invalidCommit);
    const repo = input.repo ?? project.repo;
    if (repo.toLowerCase() !== project.repo.toLowerCase()) {
      throw badRequest(messages.repoMismatch(repo, project.name, project.repo));
    }
    if (input.triggerBuildWorkflow && project.buildWorkflow === null) {
      throw badRequest(messages.noBuildWorkflow(project.name));
    }

    // A retry of a cut that already happened needs no GitHub round trip.
    const existing = await this.store.getCandidate(project.id, version.version);
    if (existing) return { project, candidate: this.replay(existing, input.commit), created: false };

    const commit = await this.resolveCommit(project.repo, input.commit);
    const createdAt = this.now().toISOString();
    const build =
      input.triggerBuildWorkflow && project.buildWorkflow
        ? {
            workflow: project.buildWorkflow,
            status: 'building' as const,
            dispatchedAt: createdAt,
            runId: null,
            runUrl: null,
            error: null,
          }
        : null;
    const result = await this.store.transaction(async (tx) => {
      const raced = await tx.getCandidate(project.id, version.version);
      if (raced) return { project, candidate: this.replay(raced, commit.sha), created: false };
      const release =
        (await tx.getRelease(project.id, version.release)) ??
        (await tx.insertRelease({ projectId: project.id, version: version.release, createdAt }));
      const candidate = await tx.insertCandidate({
        projectId: project.id,
        releaseId: release.id,
        version: version.version,
        number: version.number,
        repo: project.repo,
        commitSha: commit.sha,
        verified: commit.verified,
        build,
        createdAt,
      });
      return { project, candidate, created: true };
    });
    // The candidate is durable before the workflow is asked for: a failed dispatch shows on it.
    if (result.created && build)
      return { ...result, candidate: await this.builds.dispatchBuild(project, result.candidate) };
    return result;
  }

  async getCandidate(principal: Principal, projectName: string, version: string): Promise<CandidateView> {
    const project = await this.projects.requireProject(principal, projectName);
    return { project, candidate: await this.candidateOf(project, version) };
  }

  async getRelease(principal: Principal, projectName: string, version: string): Promise<ReleaseView> {
    const project = await this.projects.requireProject(principal, projectName);
    if (!isReleaseVersion(version)) throw badRequest(messages.invalidVersion(version));
    const release = await this.store.getRelease(project.id, version);
    if (!release) throw notFound(messages.releaseNotFound(project.name, version));
    return { project, release, candidates: await this.store.listCandidates(release.id) };
  }

  async listReleases(
    principal: Principal,
    projectName: string,
    page: PageRequest,
  ): Promise<Page<ReleaseView>> {
    const project = await this.projects.requireProject(principal, projectName);
    const releases = await this.store.listReleases(project.id, page);
    const items = await Promise.all(
      releases.items.map(async (release) => ({
        project,
        release,
        candidates: await this.store.listCandidates(release.id),
      })),
    );
    return { ...releases, items };
  }

  /** {@link requireCandidate} as the store has it now: for callers outside a transaction. */
  candidateOf(project: ProjectRecord, version: string): Promise<CandidateRecord> {
    return this.requireCandidate(this.store, project, version);
  }

  /** The candidate `version` of `project`: 400 when the version is malformed, 404 when unknown. */
  async requireCandidate(
    reader: StoreReader,
    project: ProjectRecord,
    version: string,
  ): Promise<CandidateRecord> {
    if (!parseCandidateVersion(version)) throw badRequest(messages.invalidCandidateVersion);
    const candidate = await reader.getCandidate(project.id, version);
    if (!candidate) throw notFound(messages.candidateNotFound(project.name, version));
    return candidate;
  }

  private replay(existing: CandidateRecord, commit: string): CandidateRecord {
    if (!sameCommit(existing.commitSha, commit)) {
      throw conflict(messages.candidateAtOtherCommit(existing.version, existing.commitSha));
    }
    return existing;
  }

  private async resolveCommit(repo: string, commit: string): Promise<{ sha: string; verified: boolean }> {
    let lookup;
    try {
      lookup = await this.github.lookupCommit(repo, commit);
    } catch (error) {
      if (error instanceof GitHubUnavailableError)
        throw new ApiError(503, messages.githubUnavailable(error.message));
      throw error;
    }
    switch (lookup.kind) {
      case 'found':
        return { sha: lookup.sha, verified: true };
      case 'unverified':
        return { sha: commit.toLowerCase(), verified: false };
      case 'repository-not-found':
        throw notFound(messages.repositoryNotFound);
      case 'commit-not-found':
        throw badRequest(messages.invalidCommit);
    }
  }
}
