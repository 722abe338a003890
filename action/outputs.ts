/** The step outputs `action.yml` declares, and their values for a report. */
import { candidateOf, type Report } from './report.js';

/** Every output, as declared in action.yml (a contract test holds the two together). */
export const OUTPUTS = [
  'release-candidate',
  'release-version',
  'commit',
  'deployment-id',
  'status',
  'url',
  'replayed',
] as const;

export type OutputName = (typeof OUTPUTS)[number];

/** The outputs a report sets; a release sets no deployment outputs. */
export function reportOutputs(report: Report): Partial<Record<OutputName, string>> {
  if (report.kind === 'release') {
    const { candidate } = report;
    return {
      'release-candidate': candidate.version,
      'release-version': candidate.release_version,
      commit: candidate.commit,
      url: report.url,
      replayed: String(report.replayed),
    };
  }
  const { deployment } = report;
  return {
    'release-candidate': candidateOf(deployment),
    'release-version': deployment.release_version ?? '',
    commit: deployment.commit,
    'deployment-id': String(deployment.id),
    status: deployment.status,
    url: report.url,
    replayed: String(report.replayed),
  };
}
