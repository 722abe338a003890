/**
 * The side effects a step runs with, wired in this one place: the process (environment, stdout, exit
 * code), HTTP over `node:http`, and timers. Tests pass their own through {@link RunOptions}. Also the
 * frame both steps run in ({@link runStep}).
 */
import type { FetchLike } from '../shared/client/fetch-like.js';
import { nodeHttpFetch } from '../shared/client/node-http-fetch.js';
import { describeFailure, type FailureContext } from './describe-failure.js';
import { createRunner, processIo, type Runner, type RunnerIo } from './runner/runner.js';
import { readWorkflowContext, type WorkflowContext } from './workflow-context.js';

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
function createStepDeps(options: RunOptions = {}): StepDeps {
  const io = options.io ?? processIo();
  return {
    io,
    env: io.env,
    runner: createRunner(io),
    fetch: options.fetch ?? nodeHttpFetch,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/** A step's own work, given its collaborators and the run it is part of. */
export type StepBody = (deps: StepDeps, context: WorkflowContext) => Promise<void>;

/**
 * Runs a step's body with its collaborators and workflow context. Never throws: any failure, even a
 * thrown non-Error, fails the step (exit code 1, `::error::`) with a hint for how it authenticated.
 */
export async function runStep(options: RunOptions, body: StepBody): Promise<void> {
  const deps = createStepDeps(options);
  const { runner } = deps;
  const context = readWorkflowContext(deps.io.env);
  const failure: FailureContext = {
    authentication: runner.input('token') ? 'token' : 'oidc',
    repository: context.repository,
  };
  try {
    await body(deps, context);
  } catch (error) {
    runner.fail(describeFailure(error, failure));
  }
}
