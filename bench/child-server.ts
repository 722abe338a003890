/**
 * A server under test in its own Node process, so it never shares an event loop (or a core's time
 * slices) with the load generator.
 */
import { spawn } from 'node:child_process';
import { serverCommand, type Pinning } from './cpu-pinning.js';
import { findFreePort } from './free-port.js';

/** How to start a server script and know that it is ready. */
export interface ChildServerOptions {
  /** Shown in messages. */
  readonly name: string;
  /** The compiled `.js` entry point. */
  readonly script: string;
  /** Added to this process's environment; `PORT` and `HOST` are set by {@link startChildServer}. */
  readonly env?: Record<string, string>;
  /** Flags for `node` itself, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The CPUs to keep the server on (`taskset` execs `node`, so the pid is the server's own). */
  readonly pinning?: Pinning;
  /** Polled until it answers 2xx. */
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
}

/** A started server. */
export interface ChildServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** From spawn to the first 2xx on the ready path. */
  readonly startupMs: number;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const KEPT_OUTPUT_CHARACTERS = 8_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `script` on a free port and resolves once `readyPath` answers; rejects with its output if not. */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const { command, args } = serverCommand(options.pinning, [...(options.nodeArgs ?? []), options.script]);
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARACTERS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve();
    });
  });

  const server: ChildServer = {
    url,
    pid: child.pid ?? -1,
    startupMs: 0,
    output: () => output,
    async stop(graceMs = 15_000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${options.name} exited (code ${exitCode}) before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(url + options.readyPath);
      await response.arrayBuffer();
      if (response.ok) return { ...server, startupMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  await server.stop(1_000);
  throw new Error(`${options.name} was not ready on ${url}${options.readyPath} in time:\n${output}`);
}
