/** What a benchmark run collects: one entry per measured scenario, grouped by seeded size. */
import type { Pinning } from './cpu-pinning.js';
import type { Measurement } from './load.js';
import type { Scenario } from './scenarios.js';

/** One scenario measured against the App, together with the bare server (see `measureTogether`). */
export interface ScenarioResult {
  readonly scenario: Scenario['name'];
  readonly kind: Scenario['kind'];
  readonly size: number;
  /** The App. */
  readonly measurement: Measurement;
  /** The bare Fastify hello, measured in the slices between the App's: what "× bare" is to. */
  readonly bare: Measurement;
  /** Data file bytes when the App serving this scenario stopped. */
  readonly dataBytesAfter?: number;
  /** Cached reads: the bare server sending the scenario's first answer, byte for byte, measured alongside. */
  readonly sameBytes?: SameBytes;
}

/** The bare Fastify server answering a stored copy of one of the App's answers. */
export interface SameBytes {
  /** The answer's body size, as sent. */
  readonly bytes: number;
  /** `gzip` when the App sent the answer compressed. */
  readonly encoding: string | undefined;
  readonly measurement: Measurement;
}

/** Everything measured with one seeded data file. */
export interface SizeRun {
  readonly size: number;
  /** Data file bytes as seeded. */
  readonly seededBytes: number;
  readonly seedMs: number;
  /** First App process spawn to first answer on /healthz: reading, parsing and indexing the file. */
  readonly startupMs: number;
  readonly results: readonly ScenarioResult[];
}

/** The whole run. */
export interface BenchResults {
  readonly sizes: readonly SizeRun[];
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  /** Where the servers and the load generator ran; undefined when they were not pinned. */
  readonly pinning: Pinning | undefined;
  /** wrk's version line when it measured the reads; undefined when autocannon measured every row. */
  readonly wrk: string | undefined;
}

/** A result's rate over the bare hello's, measured together. */
export const bareRatio = (result: ScenarioResult): number =>
  result.bare.requestsPerSecond > 0
    ? result.measurement.requestsPerSecond / result.bare.requestsPerSecond
    : 0;

/** Every measurement of the bare hello in the run. */
export const bareMeasurements = (results: BenchResults): Measurement[] =>
  results.sizes.flatMap((run) => run.results.map((result) => result.bare));
