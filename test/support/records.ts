/** Complete store records for tests that write the store directly, with overridable fields. */
import type {
  CandidateRecord,
  DeploymentRecord,
  EnvironmentRecord,
  New,
  ProjectRecord,
} from '../../app/store/records.js';
import { defaultEnvironmentSettings, initialMirrorState } from '../../app/store/defaults.js';

export const AT = '2026-11-22T00:00:00.000Z';

export const projectRow = (fields: Partial<New<ProjectRecord>> = {}): New<ProjectRecord> => ({
  name: 'web',
  repo: 'acme/web',
  buildWorkflow: null,
  source: 'api',
  createdAt: AT,
  ...fields,
});

export const environmentRow = (
  projectId: number,
  fields: Partial<New<EnvironmentRecord>> = {},
): New<EnvironmentRecord> => ({
  projectId,
  name: 'prod',
  tier: 'production',
  settings: defaultEnvironmentSettings(fields.tier ?? 'production', 0),
  createdAt: AT,
  ...fields,
});

export const candidateRow = (
  projectId: number,
  releaseId: number,
  fields: Partial<New<CandidateRecord>> = {},
): New<CandidateRecord> => ({
  projectId,
  releaseId,
  version: '1.0.0-rc1',
  number: 1,
  repo: 'acme/web',
  commitSha: 'a'.repeat(40),
  verified: true,
  build: null,
  createdAt: AT,
  ...fields,
});

export const deploymentRow = (
  environment: Pick<EnvironmentRecord, 'id' | 'projectId'>,
  candidate: Pick<CandidateRecord, 'id' | 'commitSha'>,
  fields: Partial<New<DeploymentRecord>> = {},
): New<DeploymentRecord> => ({
  projectId: environment.projectId,
  environmentId: environment.id,
  candidateId: candidate.id,
  commitSha: candidate.commitSha,
  origin: 'shiplog',
  status: 'pending',
  history: [],
  mirror: initialMirrorState(false),
  workflow: null,
  logUrl: null,
  environmentUrl: null,
  createdAt: AT,
  updatedAt: AT,
  ...fields,
});
