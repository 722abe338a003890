/** Turns measurements into the lines printed during the run and the final Markdown summary. */
import { cpus, loadavg } from 'node:os';
import type { AimCheck } from './aims.js';
import {
  formatBodySize,
  formatBytes,
  formatCount,
  formatDuration,
  formatRatio,
  formatSize,
} from './format.js';
import { BUSY_MACHINE_PERCENT, isBusy, isClean } from './load.js';
import {
  bareMeasurements,
  bareRatio,
  type BenchResults,
  type SameBytes,
  type ScenarioResult,
  type SizeRun,
} from './results.js';
import type { Measurement } from './load.js';

/** Spread of the bare hello's figures above which the report says the machine's speed drifted. */
export const BASELINE_SPREAD_WARNING_PERCENT = 15;

const formatCpu = (percent: number | undefined): string =>
  percent === undefined ? 'n/a' : `${Math.round(percent)}%`;

const label = (result: ScenarioResult): string => `${result.scenario} ${formatSize(result.size)}`;

/** A read's rate over the bare server's sending the same answer, or undefined. */
const sameBytesRatio = (result: ScenarioResult): number | undefined => {
  const same = result.sameBytes?.measurement.requestsPerSecond;
  return same ? result.measurement.requestsPerSecond / same : undefined;
};

/** `12.0 KB`, or `1.0 KB gzip` for a compressed answer. */
const sameBytesSize = (same: SameBytes): string =>
  `${formatBodySize(same.bytes)}${same.encoding ? ` ${same.encoding}` : ''}`;

/** `0.68 × the same 12.0 KB served bare (22,100 req/s)`, or '' when not measured. */
export function sameBytesText(result: ScenarioResult): string {
  const ratio = sameBytesRatio(result);
  if (ratio === undefined || !result.sameBytes) return '';
  return (
    `${formatRatio(ratio)} × the same ${sameBytesSize(result.sameBytes)} served bare ` +
    `(${formatCount(result.sameBytes.measurement.requestsPerSecond)} req/s)`
  );
}

/**
 * `reads/deployments-list 1k: 31,200 req/s = 0.52 × bare (60,000 req/s), 0.74 × the same ... (p50 1 ms, ...)`.
 */
export function describeResult(result: ScenarioResult): string {
  const m = result.measurement;
  const unit = result.kind === 'write' ? 'durable writes/s' : 'req/s';
  const errors = m.errors > 0 ? `, errors ${m.errors}` : '';
  const busy = isBusy(m) || isBusy(result.bare) ? ' BUSY MACHINE' : '';
  const same = sameBytesText(result);
  return (
    `${label(result)}: ${formatCount(m.requestsPerSecond)} ${unit} = ${formatRatio(bareRatio(result))} × bare ` +
    `(${formatCount(result.bare.requestsPerSecond)} req/s)${same ? `, ${same}` : ''} ` +
    `(p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, non-2xx ${m.non2xx}${errors}, ${formatCount(m.answered)} answered, ` +
    `server CPU ${formatCpu(m.serverCpuPercent)}, other CPU ${formatCpu(m.otherCpuPercent)}${busy}, ${m.generator})`
  );
}

/** The App's, the bare hello's and the same bytes' figures of a result, named. */
const measurementsOf = (result: ScenarioResult): [string, Measurement][] => [
  ['the App', result.measurement],
  ['the bare hello', result.bare],
  ...(result.sameBytes
    ? [['the same bytes served bare', result.sameBytes.measurement] as [string, Measurement]]
    : []),
];

/** True when the App and the servers measured with it answered every request 2xx. */
export const isCleanResult = (result: ScenarioResult): boolean =>
  measurementsOf(result).every(([, m]) => isClean(m));

/** A banner nobody can miss when a server got anything but 2xx answers; undefined when clean. */
export function failureWarning(result: ScenarioResult): string | undefined {
  const failed = measurementsOf(result).filter(([, m]) => !isClean(m));
  if (failed.length === 0) return undefined;
  const bar = '!'.repeat(100);
  const lines = failed.flatMap(([server, m]) => {
    const codes = Object.entries(m.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${code}: ${count}`)
      .join(', ');
    return [
      `!!! WARNING ${label(result)}, ${server}: ${m.non2xx} non-2xx answers${codes ? ` (${codes})` : ''}, ` +
        `${m.errors} connection errors/timeouts, ${m.warmupFailures} failures in the warm-up.`,
      ...(m.preflightFailure ? [`!!! First request: ${m.preflightFailure}`] : []),
    ];
  });
  return [bar, ...lines, '!!! Its figures do not measure what they claim.', bar].join('\n');
}

/** How the bare hello's figures moved during the run: the drift the paired measurement absorbs. */
export function referenceLines(results: BenchResults): string[] {
  const rates = bareMeasurements(results).map((m) => m.requestsPerSecond);
  if (rates.length === 0) return [];
  const low = Math.min(...rates);
  const high = Math.max(...rates);
  const spread = high > 0 ? (100 * (high - low)) / high : 0;
  return [
    `The bare hello, measured in the slices between the App's for every row, ran at ${formatCount(low)} to ` +
      `${formatCount(high)} req/s during the run (${Math.round(spread)}% apart)` +
      (spread > BASELINE_SPREAD_WARNING_PERCENT
        ? ": the machine's speed drifted, which is why each ratio is to the bare figure measured with it."
        : '.'),
  ];
}

/** One line per aim check, then the notes on aims that could not be checked. */
export function aimLines(checks: readonly AimCheck[], notes: readonly string[]): string[] {
  return [
    ...checks.map(
      (check) =>
        `${check.verdict.padEnd(7)} ${label(check.result)}: ${check.measured} (aim ${check.aim})` +
        (check.busy ? ' - measured on a busy machine' : ''),
    ),
    ...notes.map((note) => `n/a     ${note}`),
  ];
}

/** Which load generator measured which rows. */
const generatorText = (results: BenchResults): string =>
  results.wrk === undefined
    ? 'autocannon for every row'
    : `${results.wrk} for the reads, autocannon for the writes (bodies generated per request)`;

/** The summary to paste into a note or README: one table row per measurement, then the context. */
export function markdownSummary(results: BenchResults, checks: readonly AimCheck[]): string {
  const verdictOf = (result: ScenarioResult) => {
    const check = checks.find((c) => c.result === result);
    return check ? `${check.verdict}${check.busy ? ' (busy)' : ''} (${check.aim})` : '';
  };
  const row = (run: SizeRun, result: ScenarioResult) => {
    const m = result.measurement;
    const failures = measurementsOf(result).reduce(
      (total, [, measured]) => total + measured.non2xx + measured.errors + measured.warmupFailures,
      0,
    );
    const other = formatCpu(m.otherCpuPercent);
    const same = sameBytesRatio(result);
    const sameCell =
      same === undefined || !result.sameBytes
        ? ''
        : `${formatRatio(same)} (${sameBytesSize(result.sameBytes)})`;
    return (
      `| ${formatSize(run.size)} | ${formatBytes(run.seededBytes)} | ${result.scenario} | ${formatCount(m.requestsPerSecond)} | ` +
      `${formatCount(result.bare.requestsPerSecond)} | ${formatRatio(bareRatio(result))} | ${sameCell} | ${m.p50Ms} | ${m.p99Ms} | ${failures === 0 ? '0' : `**${failures}**`} | ` +
      `${formatCpu(m.serverCpuPercent)} | ${isBusy(m) ? `**${other}**` : other} | ${verdictOf(result)} |`
    );
  };
  const writes = results.sizes.flatMap((run) =>
    run.results
      .filter((r) => r.kind === 'write')
      .map((r) => `${r.scenario} ${formatSize(run.size)} ${formatBytes(r.dataBytesAfter ?? 0)}`),
  );
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  return [
    '| Deployments | Data file | Scenario | req/s | bare req/s | × bare | × same bytes | p50 ms | p99 ms | non-2xx | server CPU | other CPU | Aim |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.sizes.flatMap((run) => run.results.map((result) => row(run, result))),
    '',
    `${generatorText(results)}, ${results.connections} connections, ${results.warmupSeconds} s warm-up + ${results.durationSeconds} s measured per server and row, ` +
      `in ${results.rounds} slices taken in turns with the bare server's; ` +
      `each server in its own process (App with \`LOG_LEVEL=warn\`, GitHub validation off), load generator in another` +
      (results.pinning
        ? ` (pinned: servers on CPU ${results.pinning.serverCpus}, load generator on CPU ${results.pinning.loadCpus}); `
        : ' (not pinned to CPUs); ') +
      `${cpus().length} × ${cpu}, Node ${process.version}, load average at the end ${load}.`,
    'Writes are durable: answered only after the data file was fsynced (group commit). "× bare" is the ratio to the bare ' +
      'Fastify 5 JSON hello route (logger off), "bare req/s", measured in the slices between the App\'s. "× same bytes" ' +
      "is a cached read's ratio to the bare server sending that read's answer (its first one, byte for byte, size in " +
      'brackets), measured in the same turns: the cost of the App itself, without the cost of the bytes. ' +
      '"server CPU" is the server process\'s CPU use during the row, in % of one ' +
      'core: well below 100% means it was waiting (for the load generator, the disk, or a CPU taken by something else). ' +
      '"other CPU" is what everything else used meanwhile (other processes, hypervisor steal), in % of one core ' +
      `(${cpus().length} cores in all): above ${BUSY_MACHINE_PERCENT}% (bold) the row was measured on a busy machine.`,
    ...referenceLines(results),
    ...(writes.length > 0
      ? [
          `Each write row starts from the seeded file in a fresh App process; the file grew during it to: ${writes.join(', ')}.`,
        ]
      : []),
    `App start-up to first /healthz answer (read + parse + index): ${results.sizes
      .map((run) => `${formatSize(run.size)} ${formatDuration(run.startupMs)}`)
      .join(', ')}.`,
  ].join('\n');
}
