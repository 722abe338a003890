/**
 * The side effects a step runs with, wired in this one place: the process (environment, stdout, exit
 * code), HTTP over `node:http`, and timers. Tests pass their own through {@link RunOptions}.
 */
import type { FetchLike } from '../shared/client/fetch-like.js';
import { nodeHttpFetch } from '../shared/client/node-http-fetch.js';
import { createRunner, processIo, type Runner, type RunnerIo } from './runner/runner.js';

/** What a step may override; everything defaults to this process. */
export interface RunOptions {
  readonly io?: RunnerIo;
  readonly fetch?: FetchLike;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The collaborators of a step. */
export interface StepDeps {
  readonly io: RunnerIo;
  readonly runner: Runner;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: FetchLike;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The real collaborators, or the ones `options` gives. */
export function createStepDeps(options: RunOptions = {}): StepDeps {
  const io = options.io ?? processIo();
  return {
    io,
    env: io.env,
    runner: createRunner(io),
    fetch: options.fetch ?? nodeHttpFetch,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}
