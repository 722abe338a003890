/**
 * The idempotency key of a report. Every attempt of one report carries the same key, so the App
 * recognises a retry and answers with the record the first attempt created instead of a second one.
 */
import { createHash } from 'node:crypto';
import type { WorkflowContext } from './workflow-context.js';

/** What the report is about. */
export interface ReportIdentity {
  readonly command: string;
  readonly project: string;
  readonly environment?: string;
  readonly version: string;
}

/**
 * `gha-<run>-<attempt>-<hash>`: stable for one step of one run attempt, distinct for every other step,
 * job, matrix leg (runner) and re-run. A re-run is a new attempt at deploying, so it gets a new record;
 * a retry inside the step reuses the key. Undefined outside a runner: the client then draws a random
 * key per report, which still covers its own retries.
 */
export function deriveIdempotencyKey(context: WorkflowContext, report: ReportIdentity): string | undefined {
  if (!context.runId) return undefined;
  const scope = [
    context.repository,
    context.job,
    context.action,
    context.runnerName,
    report.command,
    report.project,
    report.environment,
    report.version,
  ].join('\n');
  const digest = createHash('sha256').update(scope).digest('hex').slice(0, 32);
  return `gha-${context.runId}-${context.runAttempt}-${digest}`;
}
