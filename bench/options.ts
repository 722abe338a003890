/**
 * The benchmark's settings, from the environment so a quick run needs no code change:
 * `BENCH_SIZES=1000,10k BENCH_DURATION=3 npm run bench`.
 */

/** What one `npm run bench` measures and for how long. */
export interface BenchOptions {
  /** Stored deployments to seed, one App run each. `BENCH_SIZES`, default 1k,10k,100k. */
  readonly sizes: readonly number[];
  /** Measured seconds per server and scenario. `BENCH_DURATION`, default 6. */
  readonly durationSeconds: number;
  /**
   * Slices the measured seconds are cut into, the App and the bare server taking turns, so both see the
   * same machine. `BENCH_ROUNDS`, default 3.
   */
  readonly rounds: number;
  /** Unmeasured seconds before each scenario. `BENCH_WARMUP`, default 1. */
  readonly warmupSeconds: number;
  /** Concurrent clients. `BENCH_CONNECTIONS`, default 50. */
  readonly connections: number;
  /** Only the scenarios whose name contains one of these (`BENCH_SCENARIOS=writes,list`); all when empty. */
  readonly scenarioFilter: readonly string[];
  /** `BENCH_PROFILE=1`: run the App under `node --cpu-prof` and summarise where its time went. */
  readonly profile: boolean;
  /** Servers on the last CPU, the load generator on the others (see cpu-pinning.ts). `BENCH_PIN=0`: off. */
  readonly pin: boolean;
  /**
   * `BENCH_LOAD`: `auto` (default) uses wrk for the reads where it is installed, `wrk` requires it,
   * `autocannon` uses autocannon for everything (see wrk.ts).
   */
  readonly load: 'auto' | 'wrk' | 'autocannon';
}

type Env = Record<string, string | undefined>;

/** `1000`, `10k`, `0.5k` → a positive whole number of deployments. */
function parseSize(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(k?)$/i.exec(raw.trim());
  const size = match ? Math.round(Number(match[1]) * (match[2] ? 1000 : 1)) : NaN;
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`BENCH_SIZES: '${raw}' is not a positive number of deployments (e.g. 1000 or 10k)`);
  }
  return size;
}

function parsePositive(env: Env, name: string, fallback: number, integer: boolean): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name}: '${raw}' is not a positive ${integer ? 'whole number' : 'number'}`);
  }
  return value;
}

const LOAD_CHOICES = ['auto', 'wrk', 'autocannon'] as const;

function parseLoad(raw: string | undefined): BenchOptions['load'] {
  const value = (raw ?? '').trim().toLowerCase() || 'auto';
  const choice = LOAD_CHOICES.find((candidate) => candidate === value);
  if (choice === undefined) throw new Error(`BENCH_LOAD: '${raw}' is not one of ${LOAD_CHOICES.join(', ')}`);
  return choice;
}

/** Reads the settings; throws an error naming the variable when one is malformed. */
export function readBenchOptions(env: Env = process.env): BenchOptions {
  const sizes = (env.BENCH_SIZES?.trim() || '1000,10000,100000').split(',').map(parseSize);
  return {
    sizes,
    durationSeconds: parsePositive(env, 'BENCH_DURATION', 6, false),
    warmupSeconds: parsePositive(env, 'BENCH_WARMUP', 1, false),
    rounds: parsePositive(env, 'BENCH_ROUNDS', 3, true),
    connections: parsePositive(env, 'BENCH_CONNECTIONS', 50, true),
    scenarioFilter: (env.BENCH_SCENARIOS ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
    profile: ['1', 'true', 'yes'].includes((env.BENCH_PROFILE ?? '').trim().toLowerCase()),
    pin: !['0', 'false', 'no'].includes((env.BENCH_PIN ?? '').trim().toLowerCase()),
    load: parseLoad(env.BENCH_LOAD),
  };
}
