/** How a step presents what it did: one line in the log, the outputs (main step) and the job summary. */
import { messages } from './messages.js';
import type { OutputName } from './outputs.js';
import { candidateOf, type Report } from './report.js';
import type { Runner } from './runner/runner.js';
import { renderSummary } from './summary.js';

export interface PublishOptions {
  /** The workflow run, linked from the summary. */
  readonly link: string | undefined;
  /** Step outputs to set; only the main step has any a later step can read. */
  readonly outputs?: Partial<Record<OutputName, string>>;
}

/** Logs the report's line, sets the outputs given, and appends the report's job summary. */
export function publishReport(
  runner: Pick<Runner, 'info' | 'setOutput' | 'appendSummary'>,
  report: Report,
  options: PublishOptions,
): void {
  runner.info(describeReport(report));
  for (const [name, value] of Object.entries(options.outputs ?? {})) runner.setOutput(name, value);
  runner.appendSummary(renderSummary(report, options.link));
}

/** The log line of a report. */
function describeReport(report: Report): string {
  if (report.kind === 'release') {
    const { candidate } = report;
    return messages.released(candidate.version, candidate.commit, report.replayed);
  }
  const { deployment: d } = report;
  return report.source === 'deploy'
    ? messages.deployed(d.id, candidateOf(d), d.environment, d.status, report.replayed)
    : messages.statusReported(d.id, candidateOf(d), d.environment, d.status);
}
