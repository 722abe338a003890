/**
 * Records to the native (Aviator-dialect) JSON shapes. Other dialects get presenters of their own.
 */
import type { FastifyReply } from 'fastify';
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
import type {
  CandidateRecord,
  DeploymentRecord,
  EnvironmentRecord,
  ProjectRecord,
  TokenRecord,
} from '../store/records.js';
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

/** A deployment's JSON with the records it was rendered from. */
interface RenderedDeployment {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
  readonly candidate: CandidateRecord | undefined;
  readonly json: string;
}

/**
 * Deployment JSON by record identity. Records are immutable (a change replaces the object), so a
 * deployment rendered once is rendered again only when it, its candidate, environment or project was
 * replaced: a list page after a write re-renders the changed deployment, not the page.
 */
const renderedDeployments = new WeakMap<DeploymentRecord, RenderedDeployment>();

/** {@link presentDeployment} as JSON text. */
export function deploymentJson(view: DeploymentView): string {
  const kept = renderedDeployments.get(view.deployment);
  if (
    kept !== undefined &&
    kept.candidate === view.candidate &&
    kept.environment === view.environment &&
    kept.project === view.project
  ) {
    return kept.json;
  }
  const json = JSON.stringify(presentDeployment(view));
  renderedDeployments.set(view.deployment, {
    project: view.project,
    environment: view.environment,
    candidate: view.candidate,
    json,
  });
  return json;
}

/**
 * Sends JSON text rendered beforehand. Fastify sends a string with a JSON content type as it is; the
 * route's response schema still documents the shape.
 */
export const sendJsonText = (reply: FastifyReply, json: string): FastifyReply =>
  reply.type('application/json; charset=utf-8').send(json);

/** A JSON array of deployments (a list page). */
export const deploymentsJson = (views: readonly DeploymentView[]): string =>
  `[${views.map(deploymentJson).join(',')}]`;

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
