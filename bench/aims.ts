/**
 * The performance aims, checked against a run. A MISS is information, not a failure: the benchmark
 * never exits non-zero for one (tests assert, benchmarks inform).
 */
import { formatCount, formatRatio, formatSize } from './format.js';
import { isBusy } from './load.js';
import { isCleanResult, sameBytesText } from './report.js';
import { bareRatio, type BenchResults, type ScenarioResult } from './results.js';

/** Reads should serve at least this fraction of the bare Fastify hello's rate. */
export const READ_RATIO_AIM = 0.5;
/** Durable writes per second aimed for ... */
export const WRITE_RATE_AIM = 1_000;
/** ... with this many deployments stored ... */
export const WRITE_AIM_SIZE = 10_000;
/** ... and this many concurrent clients. */
export const WRITE_AIM_CONNECTIONS = 50;

/** PASS or MISS; INVALID when the measurement had non-2xx answers or errors. */
export type Verdict = 'PASS' | 'MISS' | 'INVALID';

/** One aim applied to one measured scenario. */
export interface AimCheck {
  readonly result: ScenarioResult;
  /** `≥ 0.5 × bare`. */
  readonly aim: string;
  readonly verdict: Verdict;
  /** Measured while other work took a lot of CPU: the figure is likely understated. */
  readonly busy: boolean;
  /** The measured figure, worded like the aim. */
  readonly measured: string;
}

function verdict(result: ScenarioResult, pass: boolean): Verdict {
  if (!isCleanResult(result)) return 'INVALID';
  return pass ? 'PASS' : 'MISS';
}

/** Checks every aim that applies to a measured scenario, in run order. */
export function checkAims(results: BenchResults): AimCheck[] {
  const checks: AimCheck[] = [];
  for (const run of results.sizes) {
    for (const result of run.results) {
      const busy = isBusy(result.measurement) || isBusy(result.bare);
      const rate = result.measurement.requestsPerSecond;
      if (result.kind === 'read') {
        const ratio = bareRatio(result);
        checks.push({
          result,
          aim: `≥ ${READ_RATIO_AIM} × bare`,
          verdict: verdict(result, ratio >= READ_RATIO_AIM),
          busy,
          measured: `${formatRatio(ratio)} × bare${result.sameBytes ? ` (${sameBytesText(result)})` : ''}`,
        });
      } else if (result.kind === 'write' && run.size === WRITE_AIM_SIZE) {
        checks.push({
          result,
          aim: `≥ ${formatCount(WRITE_RATE_AIM)} writes/s at ${formatSize(WRITE_AIM_SIZE)}, ${WRITE_AIM_CONNECTIONS} clients`,
          verdict: verdict(result, rate >= WRITE_RATE_AIM),
          busy,
          measured: `${formatCount(rate)} writes/s`,
        });
      }
    }
  }
  return checks;
}

/** Why an aim could not be checked in this run, if it could not. */
export function uncheckedAims(results: BenchResults): string[] {
  const notes: string[] = [];
  if (
    !results.sizes.some((run) => run.size === WRITE_AIM_SIZE && run.results.some((r) => r.kind === 'write'))
  ) {
    notes.push(
      `durable writes at ${formatSize(WRITE_AIM_SIZE)}: not measured in this run (BENCH_SIZES or BENCH_SCENARIOS left it out)`,
    );
  } else if (results.connections !== WRITE_AIM_CONNECTIONS) {
    notes.push(
      `durable writes: the aim is for ${WRITE_AIM_CONNECTIONS} clients; this run used ${results.connections}`,
    );
  }
  return notes;
}
