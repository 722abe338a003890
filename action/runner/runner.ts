/**
 * The runner protocols the Action needs: inputs, outputs, state, job summary, log commands and the step's
 * result. These few file and stdout protocols replace `@actions/core` 3, which alone bundles to ~1 MB
 * (its HTTP client pulls in undici) and starts in ~2x the time of Node doing nothing (measured).
 */
import { appendKeyValue, appendText } from './file-commands.js';
import { formatCommand } from './workflow-commands.js';

/** What a step reads from and tells the runner. */
export interface Runner {
  /** An input (`INPUT_<NAME>`), trimmed; `''` when not set. */
  input(name: string): string;
  /** A value saved by the main step with {@link Runner.saveState}; `''` when none. */
  state(name: string): string;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  appendSummary(markdown: string): void;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  /** Masks a secret in every later log line. */
  mask(secret: string): void;
  /** Fails the step: an `::error::` annotation and exit code 1. */
  fail(message: string): void;
}

/** The process surfaces a {@link Runner} writes to; tests pass their own. */
export interface RunnerIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly writeLine: (line: string) => void;
  readonly setExitCode: (code: number) => void;
}

/** The runner of the current process. */
export const processIo = (): RunnerIo => ({
  env: process.env,
  writeLine: (line) => process.stdout.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
});

/** A {@link Runner} over environment variables, environment files and stdout. */
export function createRunner(io: RunnerIo = processIo()): Runner {
  const { env, writeLine } = io;
  const command = (name: string, message: string) => writeLine(formatCommand(name, message));
  const toFile = (variable: string, write: (path: string) => void) => {
    const path = env[variable];
    // Outside a runner (a local try-out) there is no file: say so in the debug log and carry on.
    if (path) write(path);
    else command('debug', `${variable} is not set; skipped writing to it`);
  };

  return {
    input: (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim(),
    state: (name) => env[`STATE_${name}`] ?? '',
    setOutput: (name, value) => toFile('GITHUB_OUTPUT', (path) => appendKeyValue(path, name, value)),
    saveState: (name, value) => toFile('GITHUB_STATE', (path) => appendKeyValue(path, name, value)),
    appendSummary: (markdown) => toFile('GITHUB_STEP_SUMMARY', (path) => appendText(path, markdown)),
    info: (message) => writeLine(message),
    debug: (message) => command('debug', message),
    warning: (message) => command('warning', message),
    mask: (secret) => {
      if (secret) command('add-mask', secret);
    },
    fail: (message) => {
      command('error', message);
      io.setExitCode(1);
    },
  };
}
