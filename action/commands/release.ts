/** `command: release`: cuts the release candidate at the commit. */
import type { ShiplogClient } from '../../shared/client/shiplog-client.js';
import type { ActionInputs } from '../inputs.js';
import type { Report } from '../report.js';

export type ReleaseInputs = Extract<ActionInputs, { command: 'release' }>;

/**
 * The App treats the same version at the same commit as the same request (201 `Idempotent-Replayed`), so
 * a retried or re-run step returns the existing candidate; at another commit it answers 409.
 */
export async function cutReleaseCandidate(
  client: Pick<ShiplogClient, 'createReleaseCandidate' | 'candidateUrl'>,
  inputs: ReleaseInputs,
  idempotencyKey: string | undefined,
): Promise<Report> {
  const { project } = inputs.connection;
  const { record, replayed } = await client.createReleaseCandidate(
    project,
    inputs.version,
    { repo: inputs.repository, commit: inputs.commit, trigger_build_workflow: inputs.triggerBuild },
    idempotencyKey === undefined ? {} : { idempotencyKey },
  );
  return { kind: 'release', candidate: record, replayed, url: client.candidateUrl(project, record.version) };
}
