/**
 * Seeds a fresh data file straight through the store API (not HTTP), in one transaction, so even 100k
 * deployments take seconds: one project, three environments, a candidate per ten deployments.
 */
import { createHash } from 'node:crypto';
import type { DeploymentStatus } from '../shared/deployment-status.js';
import { generateToken } from '../app/services/auth-service.js';
import { defaultEnvironmentSettings, initialMirrorState } from '../app/store/defaults.js';
import { openLowdbStore } from '../app/store/lowdb/lowdb-store.js';
import type { CandidateRecord, EnvironmentRecord, StatusChange } from '../app/store/records.js';
import type { StoreWriter } from '../app/store/store.js';

/** What was seeded, and what the scenarios need to address it. */
export interface Fixture {
  readonly project: string;
  /** Environment names. */
  readonly environments: readonly string[];
  /** A project API token, for `Authorization: Bearer`. */
  readonly token: string;
  /** Every candidate version, oldest first. */
  readonly candidates: readonly string[];
  /**
   * The newest candidates, whose newest deployment in every environment is `in_progress`: a status
   * report can still move them (between `in_progress` and `unknown`, which may follow each other).
   */
  readonly openCandidates: readonly string[];
  readonly deployments: number;
}

const PROJECT = 'bench';
const ENVIRONMENTS = [
  { name: 'production', tier: 'production' },
  { name: 'staging', tier: 'staging' },
  { name: 'development', tier: 'development' },
] as const;
const DEPLOYMENTS_PER_CANDIDATE = 10;
const CANDIDATES_PER_RELEASE = 5;
const OPEN_CANDIDATES = 100;
const START = Date.parse('2024-01-01T00:00:00Z');
const MINUTE = 60_000;

const at = (ms: number): string => new Date(ms).toISOString();
const commitOf = (index: number): string => createHash('sha1').update(`commit ${index}`).digest('hex');

/** The status changes of a deployment that started at `start` and is now `status`. */
function historyOf(status: DeploymentStatus, start: number): StatusChange[] {
  const history: StatusChange[] = [
    { status: 'pending', at: at(start) },
    { status: 'in_progress', at: at(start + MINUTE / 2) },
  ];
  if (status !== 'in_progress') history.push({ status, at: at(start + 3 * MINUTE) });
  return history;
}

async function insertCandidates(tx: StoreWriter, projectId: number, count: number) {
  const candidates: CandidateRecord[] = [];
  for (let index = 0; index < count; index++) {
    const createdAt = at(START + index * DEPLOYMENTS_PER_CANDIDATE * 2 * MINUTE);
    const releaseVersion = `1.${Math.floor(index / CANDIDATES_PER_RELEASE)}.0`;
    const number = (index % CANDIDATES_PER_RELEASE) + 1;
    const release =
      (await tx.getRelease(projectId, releaseVersion)) ??
      (await tx.insertRelease({ projectId, version: releaseVersion, createdAt }));
    candidates.push(
      await tx.insertCandidate({
        projectId,
        releaseId: release.id,
        version: `${releaseVersion}-rc${number}`,
        number,
        repo: 'shiplog/bench',
        commitSha: commitOf(index),
        verified: false,
        build: null,
        createdAt,
      }),
    );
  }
  return candidates;
}

async function insertDeployments(
  tx: StoreWriter,
  environments: readonly EnvironmentRecord[],
  candidates: readonly CandidateRecord[],
  count: number,
  firstOpenCandidate: number,
): Promise<void> {
  const candidateOf = (index: number) => Math.floor((index * candidates.length) / count);
  // The newest deployment of each (environment, candidate) pair is the one a status report moves.
  const newestOfPair = new Set<number>();
  const seenPairs = new Set<string>();
  for (let index = count - 1; index >= 0; index--) {
    const pair = `${index % environments.length}:${candidateOf(index)}`;
    if (!seenPairs.has(pair)) newestOfPair.add(index);
    seenPairs.add(pair);
  }
  for (let index = 0; index < count; index++) {
    const candidateIndex = candidateOf(index);
    const candidate = candidates[candidateIndex];
    const environment = environments[index % environments.length];
    if (!candidate || !environment) throw new Error('seed plan out of range');
    const status: DeploymentStatus =
      newestOfPair.has(index) && candidateIndex >= firstOpenCandidate
        ? 'in_progress'
        : index % 7 === 3
          ? 'failure'
          : 'success';
    const start = START + index * 2 * MINUTE;
    const history = historyOf(status, start);
    await tx.insertDeployment({
      projectId: environment.projectId,
      environmentId: environment.id,
      candidateId: candidate.id,
      commitSha: candidate.commitSha,
      origin: 'shiplog',
      status,
      history,
      // As the App records them with GitHub off: nothing to mirror.
      mirror: initialMirrorState(false),
      workflow: null,
      environmentUrl: null,
      logUrl: null,
      createdAt: at(start),
      updatedAt: history.at(-1)?.at ?? at(start),
    });
  }
}

/**
 * Creates the data file at `path` (which must not exist yet) holding `deployments` deployments, and
 * closes it so the App can open it.
 */
export async function seedDataFile(path: string, deployments: number): Promise<Fixture> {
  const store = await openLowdbStore({ path });
  const { token, hash, prefix } = generateToken();
  const candidateCount = Math.max(1, Math.round(deployments / DEPLOYMENTS_PER_CANDIDATE));
  const firstOpenCandidate = Math.max(0, candidateCount - OPEN_CANDIDATES);
  try {
    const candidates = await store.transaction(async (tx) => {
      const createdAt = at(START);
      const project = await tx.insertProject({
        name: PROJECT,
        repo: 'shiplog/bench',
        buildWorkflow: null,
        source: 'api',
        createdAt,
      });
      await tx.insertToken({
        projectId: project.id,
        name: 'bench',
        hash,
        prefix,
        createdAt,
        revokedAt: null,
      });
      const environments: EnvironmentRecord[] = [];
      for (const [position, environment] of ENVIRONMENTS.entries()) {
        environments.push(
          await tx.insertEnvironment({
            projectId: project.id,
            ...environment,
            settings: defaultEnvironmentSettings(environment.tier, position),
            createdAt,
          }),
        );
      }
      const candidates = await insertCandidates(tx, project.id, candidateCount);
      await insertDeployments(tx, environments, candidates, deployments, firstOpenCandidate);
      return candidates.map((candidate) => candidate.version);
    });
    return {
      project: PROJECT,
      environments: ENVIRONMENTS.map((environment) => environment.name),
      token,
      candidates,
      openCandidates: candidates.slice(firstOpenCandidate),
      deployments,
    };
  } finally {
    await store.close();
  }
}
