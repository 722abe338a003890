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
import { baselines, referenceRate, type BenchResults, type ScenarioResult, type SizeRun } from './results.js';

/** Spread of the bare server's figures above which the machine counts as having been busy at times. */
export const BASELINE_SPREAD_WARNING_PERCENT = 15;

const formatCpu = (percent: number | undefined): string =>
  percent === undefined ? 'n/a' : `${Math.round(percent)}%`;

const label = (result: ScenarioResult): string =>
  result.size === undefined ? result.scenario : `${result.scenario} ${formatSize(result.size)}`;

const ratioOf = (result: ScenarioResult, bare: number): number =>
  bare > 0 ? result.measurement.requestsPerSecond / bare : 0;

/** A read's rate over the bare server's sending the same answer, or undefined. */
export const sameBytesRatio = (result: ScenarioResult): number | undefined => {
  const same = result.sameBytes?.measurement.requestsPerSecond;
  return same ? result.measurement.requestsPerSecond / same : undefined;
};

/** `0.68 × the same 12.0 KB served bare (22,100 req/s)`, or '' when not measured. */
export function sameBytesText(result: ScenarioResult): string {
  const ratio = sameBytesRatio(result);
  if (ratio === undefined || !result.sameBytes) return '';
  return (
    `${formatRatio(ratio)} × the same ${formatBodySize(result.sameBytes.bytes)} served bare ` +
    `(${formatCount(result.sameBytes.measurement.requestsPerSecond)} req/s)`
  );
}

/** `reads/deployments-list 1k: 31,200 req/s = 0.45 × bare (p50 1 ms, p99 4 ms, non-2xx 0, ...)`. */
export function describeResult(result: ScenarioResult, bareRequestsPerSecond: number): string {
  const m = result.measurement;
  const unit = result.kind === 'write' ? 'durable writes/s' : 'req/s';
  const errors = m.errors > 0 ? `, errors ${m.errors}` : '';
  const busy = isBusy(m) ? ' BUSY MACHINE' : '';
  const same = sameBytesText(result);
  return (
    `${label(result)}: ${formatCount(m.requestsPerSecond)} ${unit} = ${formatRatio(ratioOf(result, bareRequestsPerSecond))} × bare` +
    `${same ? `, ${same}` : ''} ` +
    `(p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, non-2xx ${m.non2xx}${errors}, ${formatCount(m.answered)} answered, ` +
    `server CPU ${formatCpu(m.serverCpuPercent)}, other CPU ${formatCpu(m.otherCpuPercent)}${busy})`
  );
}

/** A banner nobody can miss when a scenario got anything but 2xx answers; undefined when clean. */
export function failureWarning(result: ScenarioResult): string | undefined {
  const m = result.measurement;
  if (isClean(m)) return undefined;
  const codes = Object.entries(m.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  const bar = '!'.repeat(100);
  return [
    bar,
    `!!! WARNING ${label(result)}: ${m.non2xx} non-2xx answers${codes ? ` (${codes})` : ''}, ` +
      `${m.errors} connection errors/timeouts, ${m.warmupFailures} failures in the warm-up.`,
    '!!! Its figures do not measure what they claim.',
    ...(m.preflightFailure ? [`!!! First request: ${m.preflightFailure}`] : []),
    bar,
  ].join('\n');
}

/** What the ratios are to, and a warning when the bare server's figures say the machine was busy. */
export function referenceLines(results: BenchResults): string[] {
  const rates = baselines(results).map((baseline) => baseline.measurement.requestsPerSecond);
  const when = [...results.sizes.map((run) => `before ${formatSize(run.size)}`), 'at the end'];
  const measured = baselines(results).map(
    (baseline, i) =>
      `${formatCount(baseline.measurement.requestsPerSecond)} (${when[i]}, other CPU ${formatCpu(baseline.measurement.otherCpuPercent)})`,
  );
  const best = referenceRate(results);
  const spread = best > 0 ? (100 * (best - Math.min(...rates))) / best : 0;
  return [
    `Bare Fastify req/s, measured before each size and at the end: ${measured.join(', ')}. Every ratio is to the ` +
      `highest, ${formatCount(best)}: the bare server does not change, and other load only slows it down.`,
    ...(spread > BASELINE_SPREAD_WARNING_PERCENT
      ? [
          `**Warning:** the bare figures spread over ${Math.round(spread)}%: the machine was busy at times. ` +
            'Rows with a high "other CPU" are understated, and their ratios with them: rerun them on a quiet machine.',
        ]
      : []),
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

/** The summary to paste into a note or README: one table row per measurement, then the context. */
export function markdownSummary(results: BenchResults, checks: readonly AimCheck[]): string {
  const bare = referenceRate(results);
  const verdictOf = (result: ScenarioResult) => {
    const check = checks.find((c) => c.result === result);
    return check ? `${check.verdict}${check.busy ? ' (busy)' : ''} (${check.aim})` : '';
  };
  const row = (run: SizeRun, result: ScenarioResult) => {
    const m = result.measurement;
    const failures = m.non2xx + m.errors + m.warmupFailures;
    const dataFile = result.kind === 'baseline' ? '—' : formatBytes(run.seededBytes);
    const other = formatCpu(m.otherCpuPercent);
    const same = sameBytesRatio(result);
    const sameCell =
      same === undefined || !result.sameBytes
        ? ''
        : `${formatRatio(same)} (${formatBodySize(result.sameBytes.bytes)})`;
    return (
      `| ${formatSize(run.size)} | ${dataFile} | ${result.scenario} | ${formatCount(m.requestsPerSecond)} | ` +
      `${formatRatio(ratioOf(result, bare))} | ${sameCell} | ${m.p50Ms} | ${m.p99Ms} | ${failures === 0 ? '0' : `**${failures}**`} | ` +
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
    '| Deployments | Data file | Scenario | req/s | × bare | × same bytes | p50 ms | p99 ms | non-2xx | server CPU | other CPU | Aim |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.sizes.flatMap((run) => [run.baseline, ...run.results].map((result) => row(run, result))),
    '',
    `autocannon, ${results.connections} connections, ${results.warmupSeconds} s warm-up + ${results.durationSeconds} s per row; ` +
      `each server in its own process (App with \`LOG_LEVEL=warn\`, GitHub validation off), load generator in another; ` +
      `${cpus().length} × ${cpu}, Node ${process.version}, load average at the end ${load}.`,
    'Writes are durable: answered only after the data file was fsynced (group commit). "× bare" is the ratio to the bare ' +
      'Fastify 5 JSON hello route (logger off). "× same bytes" is a read\'s ratio to the bare server sending that read\'s ' +
      'answer (its first one, byte for byte, size in brackets): the cost of the App itself, without the cost of the bytes. ' +
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
