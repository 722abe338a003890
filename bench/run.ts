/**
 * `npm run bench`: Shiplog's throughput and latency at 1k, 10k and 100k stored deployments, each as a
 * ratio to a bare Fastify hello measured together with it (in alternating slices). Settings: see options.ts (`BENCH_SIZES`,
 * `BENCH_DURATION`, ...). Aims are reported PASS/MISS; the exit code is non-zero only if the benchmark
 * itself failed.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAims, uncheckedAims } from './aims.js';
import { startBareServer } from './baseline.js';
import { pinLoadGenerator } from './cpu-pinning.js';
import { formatDuration, formatSize } from './format.js';
import { BUSY_MACHINE_PERCENT, isBusy, type LoadSettings } from './load.js';
import { readBenchOptions, type BenchOptions } from './options.js';
import { aimLines, failureWarning, markdownSummary, referenceLines } from './report.js';
import type { BenchResults, SizeRun } from './results.js';
import { runSize } from './size-run.js';
import { findWrk } from './wrk.js';

/**
 * Servers measured per size, each for a warm-up and the measured time: five cached reads (three asked
 * with gzip, two plain) with the bare hello and the same bytes served bare, three reads with the cache off
 * and two writes with the hello. Keep in step with `readScenarios` and `writeScenarios`.
 */
const RUNS_PER_SIZE = 5 * 3 + 3 * 2 + 2 * 2;

function announce(options: BenchOptions): void {
  const runs = RUNS_PER_SIZE * options.sizes.length;
  const loadSeconds = runs * (options.durationSeconds + options.warmupSeconds);
  console.log(
    `Shiplog benchmark: sizes ${options.sizes.map(formatSize).join(', ')}; ${options.connections} connections; ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s measured per server and row, in ` +
      `${options.rounds} slices taken in turns; at most ~${formatDuration(loadSeconds * 1000)} of load, ` +
      'plus seeding and App start-ups',
  );
}

/** wrk's version when it drives the reads, said out loud: the figures of big answers depend on it (see wrk.ts). */
function chooseWrk(options: BenchOptions): string | undefined {
  if (options.load === 'autocannon') {
    console.log('Load generator: autocannon for every row (BENCH_LOAD=autocannon)');
    return undefined;
  }
  const wrk = findWrk();
  if (wrk !== undefined) {
    console.log(`Load generator: ${wrk} for the reads, autocannon for the writes (generated bodies)`);
    return wrk;
  }
  if (options.load === 'wrk')
    throw new Error('BENCH_LOAD=wrk, but wrk is not installed (apt-get install wrk)');
  console.log(
    '!!! wrk is not installed (apt-get install wrk): autocannon measures every row. On one core it cannot keep ' +
      'up with answers of several KB (the server waits for it: server CPU well under 100%), so the big reads ' +
      'are understated against the README.',
  );
  return undefined;
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = readBenchOptions();
  announce(options);
  const settings: LoadSettings = {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    rounds: options.rounds,
    wrk: chooseWrk(options),
  };
  const profileDir = options.profile ? await mkdtemp(join(tmpdir(), 'shiplog-bench-profiles-')) : undefined;

  const pinning = pinLoadGenerator(options.pin);
  console.log(
    pinning
      ? `Servers pinned to CPU ${pinning.serverCpus}, the load generator to CPU ${pinning.loadCpus} (BENCH_PIN=0: no pinning)`
      : 'Processes not pinned to CPUs (BENCH_PIN=0, a single CPU, or no taskset)',
  );

  const bareServer = await startBareServer(pinning);
  const sizes: SizeRun[] = [];
  try {
    for (const size of options.sizes) {
      sizes.push(
        await runSize(size, {
          settings,
          bareServer,
          scenarioFilter: options.scenarioFilter,
          profileDir,
          pinning,
        }),
      );
    }
  } finally {
    await bareServer.stop();
  }
  const results: BenchResults = { sizes, ...settings, pinning };
  console.log('\n== the reference');
  for (const line of referenceLines(results)) console.log(`   ${line}`);
  const checks = checkAims(results);
  console.log('\n== aims (informative: a MISS does not fail the run)');
  for (const line of aimLines(checks, uncheckedAims(results))) console.log(`   ${line}`);
  const measured = sizes.flatMap((run) => run.results);
  const busyRows = measured.filter((result) => isBusy(result.measurement) || isBusy(result.bare));
  if (busyRows.length > 0) {
    console.log(
      `\n!!! ${busyRows.length} of ${measured.length} runs were measured while other work used more than ` +
        `${BUSY_MACHINE_PERCENT}% of a core ("other CPU"): compare them with care, or rerun on a quiet machine.`,
    );
  }
  const dirty = measured.filter((result) => failureWarning(result));
  if (dirty.length > 0) {
    console.log(`\n!!! ${dirty.length} row(s) had non-2xx answers or errors: see the warnings above.`);
  }
  console.log(`\n== summary (Markdown), ${formatDuration(performance.now() - started)} in all\n`);
  console.log(markdownSummary(results, checks));
}

main().catch((error: unknown) => {
  console.error('The benchmark failed:', error);
  process.exit(1);
});
