/**
 * `npm run bench`: Shiplog's throughput and latency at 1k, 10k and 100k stored deployments, as ratios
 * to a bare Fastify hello measured in the same run. Settings: see options.ts (`BENCH_SIZES`,
 * `BENCH_DURATION`, ...). Aims are reported PASS/MISS; the exit code is non-zero only if the benchmark
 * itself failed.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAims, uncheckedAims } from './aims.js';
import { measureBaseline, startBareServer } from './baseline.js';
import { formatDuration, formatSize } from './format.js';
import { BUSY_MACHINE_PERCENT, isBusy, type LoadSettings } from './load.js';
import { readBenchOptions, type BenchOptions } from './options.js';
import { aimLines, describeResult, failureWarning, markdownSummary, referenceLines } from './report.js';
import { referenceRate, type BenchResults, type ScenarioResult, type SizeRun } from './results.js';
import { runSize } from './size-run.js';

/**
 * Measured runs per size: the baseline, three reads, the bare server sending each read's answer, the
 * three reads again with the cache off, two writes.
 */
const RUNS_PER_SIZE = 12;

function announce(options: BenchOptions): void {
  const runs = RUNS_PER_SIZE * options.sizes.length + 1;
  const loadSeconds = runs * (options.durationSeconds + options.warmupSeconds);
  console.log(
    `Shiplog benchmark: sizes ${options.sizes.map(formatSize).join(', ')}; ${options.connections} connections; ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per run, ${runs} runs ` +
      `(~${formatDuration(loadSeconds * 1000)} of load, plus seeding and App start-ups)`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = readBenchOptions();
  const settings: LoadSettings = {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
  };
  announce(options);
  const profileDir = options.profile ? await mkdtemp(join(tmpdir(), 'shiplog-bench-profiles-')) : undefined;

  const bareServer = await startBareServer();
  const sizes: SizeRun[] = [];
  let finalBaseline: ScenarioResult;
  try {
    let bestBareSoFar = 0;
    for (const size of options.sizes) {
      const run = await runSize(size, {
        settings,
        bareServer,
        bestBareSoFar,
        scenarioFilter: options.scenarioFilter,
        profileDir,
      });
      sizes.push(run);
      bestBareSoFar = Math.max(bestBareSoFar, run.baseline.measurement.requestsPerSecond);
    }
    finalBaseline = await measureBaseline(bareServer, settings);
  } finally {
    await bareServer.stop();
  }
  const results: BenchResults = { sizes, finalBaseline, ...settings };
  console.log(`\n== baseline again\n   ${describeResult(finalBaseline, referenceRate(results))}`);
  const finalWarning = failureWarning(finalBaseline);
  if (finalWarning) console.log(finalWarning);
  for (const line of referenceLines(results)) console.log(`   ${line}`);
  const checks = checkAims(results);
  console.log('\n== aims (informative: a MISS does not fail the run)');
  for (const line of aimLines(checks, uncheckedAims(results))) console.log(`   ${line}`);
  const measured = [finalBaseline, ...sizes.flatMap((run) => [run.baseline, ...run.results])];
  const busyRows = measured.filter((result) => isBusy(result.measurement));
  if (busyRows.length > 0) {
    console.log(
      `\n!!! ${busyRows.length} of ${measured.length} runs were measured while other work used more than ` +
        `${BUSY_MACHINE_PERCENT}% of a core ("other CPU"): compare them with care, or rerun on a quiet machine.`,
    );
  }
  const dirty = measured.filter((result) => failureWarning(result));
  if (dirty.length > 0) {
    console.log(
      `\n!!! ${dirty.length} measurement(s) had non-2xx answers or errors: see the warnings above.`,
    );
  }
  console.log(`\n== summary (Markdown), ${formatDuration(performance.now() - started)} in all\n`);
  console.log(markdownSummary(results, checks));
}

main().catch((error: unknown) => {
  console.error('The benchmark failed:', error);
  process.exit(1);
});
