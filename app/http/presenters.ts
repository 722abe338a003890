/**
 * Records to the native (Aviator-dialect) JSON shapes. Other dialects get presenters of their own.
 */
import type {
  CreatedToken,
  Deployment,
  Environment,
  EnvironmentState,
  Project,
  Release,
  ReleaseCandidate,
  Token,
} from '../../shared/api/schemas.js';
import { parseCandidateVersion } from '../../shared/version.js';
import type { CandidateRecord, EnvironmentRecord, ProjectRecord, TokenRecord } from '../store/records.js';
import type { DeploymentView, EnvironmentStateView } from '../services/deployment-service.js';
import type { ProjectView } from '../services/project-service.js';
import type { ReleaseView } from '../services/release-service.js';

const releaseOf = (candidate: CandidateRecord): string =>
  parseCandidateVersion(candidate.version)?.release ?? candidate.version;

export const presentEnvironment = (environment: EnvironmentRecord): Environment => ({
  name: environment.name,
  tier: environment.tier,
  created_at: environment.createdAt,
});

export const presentProject = ({ project, environments }: ProjectView): Project => ({
  name: project.name,
  repo: project.repo,
  build_workflow: project.buildWorkflow,
  environments: environments.map(presentEnvironment),
  created_at: project.createdAt,
});

export const presentToken = (token: TokenRecord): Token => ({
  id: token.id,
  name: token.name,
  token_prefix: token.prefix,
  created_at: token.createdAt,
  revoked_at: token.revokedAt,
});

export const presentCreatedToken = (record: TokenRecord, token: string): CreatedToken => ({
  id: record.id,
  name: record.name,
  token,
  token_prefix: record.prefix,
  created_at: record.createdAt,
});

export const presentCandidate = (project: ProjectRecord, candidate: CandidateRecord): ReleaseCandidate => ({
  project: project.name,
  version: candidate.version,
  release_version: releaseOf(candidate),
  number: candidate.number,
  repo: candidate.repo,
  commit: candidate.commitSha,
  verified: candidate.verified,
  status: candidate.build?.status ?? 'ready',
  build: candidate.build
    ? {
        workflow: candidate.build.workflow,
        run_id: candidate.build.runId,
        run_url: candidate.build.runUrl,
        error: candidate.build.error,
      }
    : null,
  created_at: candidate.createdAt,
});

export const presentRelease = ({ project, release, candidates }: ReleaseView): Release => ({
  project: project.name,
  version: release.version,
  created_at: release.createdAt,
  candidates: candidates.map((candidate) => presentCandidate(project, candidate)),
});

export const presentDeployment = ({
  project,
  environment,
  candidate,
  deployment,
}: DeploymentView): Deployment => ({
  id: deployment.id,
  project: project.name,
  environment: environment.name,
  release_candidate_version: candidate?.version ?? null,
  release_version: candidate ? releaseOf(candidate) : null,
  commit: deployment.commitSha,
  status: deployment.status,
  origin: deployment.origin,
  // A foreign deployment's commit came from GitHub itself.
  verified: candidate ? candidate.verified : true,
  statuses: deployment.history.map(({ status, at, reason }) => ({
    status,
    at,
    ...(reason ? { reason } : {}),
  })),
  github: {
    deployment_id: deployment.mirror.githubDeploymentId,
    state: deployment.mirror.state,
    last_error: deployment.mirror.lastError,
  },
  workflow_run_id: deployment.workflow?.runId ?? null,
  log_url: deployment.logUrl,
  environment_url: deployment.environmentUrl,
  created_at: deployment.createdAt,
  updated_at: deployment.updatedAt,
});

export const presentEnvironmentState = ({
  environment,
  current,
  latest,
}: EnvironmentStateView): EnvironmentState => ({
  name: environment.name,
  tier: environment.tier,
  current: current ? presentDeployment(current) : null,
  latest: latest ? presentDeployment(latest) : null,
});
