/** What a benchmark run collects: one entry per measured scenario, grouped by seeded size. */
import type { Measurement } from './load.js';
import type { Scenario } from './scenarios.js';

/** One scenario measured against one server. */
export interface ScenarioResult {
  readonly scenario: Scenario['name'];
  readonly kind: Scenario['kind'];
  /** Seeded deployments; undefined for the baseline. */
  readonly size: number | undefined;
  readonly measurement: Measurement;
  /** Data file bytes when the App serving this scenario stopped; undefined for the baseline. */
  readonly dataBytesAfter?: number;
  /** Reads: the bare server sending the scenario's first answer, byte for byte. */
  readonly sameBytes?: SameBytes;
}

/** The bare Fastify server answering a stored copy of one of the App's answers. */
export interface SameBytes {
  /** The answer's body size. */
  readonly bytes: number;
  readonly measurement: Measurement;
}

/** Everything measured with one seeded data file. */
export interface SizeRun {
  readonly size: number;
  /** The bare server, measured just before this size. */
  readonly baseline: ScenarioResult;
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
  /** The bare server, measured once more after the last size. */
  readonly finalBaseline: ScenarioResult;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/** Every measurement of the bare server, in run order: before each size, then the final one. */
export const baselines = (results: BenchResults): ScenarioResult[] => [
  ...results.sizes.map((run) => run.baseline),
  results.finalBaseline,
];

/**
 * The rate every ratio is to: the highest bare-server figure of the run. The bare server is the same
 * throughout and other load on the machine only ever slows it (or the load generator) down, so the
 * highest figure is the one least disturbed.
 */
export const referenceRate = (results: BenchResults): number =>
  Math.max(0, ...baselines(results).map((baseline) => baseline.measurement.requestsPerSecond));
