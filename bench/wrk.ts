/**
 * wrk (https://github.com/wg/wrk, C) as the load generator for scenarios with a fixed list of requests.
 *
 * autocannon parses every answer in JavaScript: on the one core the benchmark leaves it, it keeps up with
 * small answers but not with a page of deployments (12 KB), where the server under test then waits for
 * it (server CPU 80-90%) and the row measures autocannon. Sending the same 12 KB, the bare server served
 * 0.60-0.75 × its hello under autocannon and 0.83-0.93 × under wrk in the same minutes. wrk is used when
 * it is installed (`apt-get install wrk`); scenarios whose requests are generated one by one (the writes)
 * stay with autocannon, whose `setupRequest` makes them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRequest } from './scenarios.js';

/** What one wrk run measured, as {@link runWrk} reads it off the script's last line. */
export interface WrkResult {
  /** Measured seconds. */
  readonly durationSeconds: number;
  /** Complete answers, whatever their status. */
  readonly answered: number;
  /** Answers with a status of 400 or more: the only ones wrk counts apart. */
  readonly failedStatus: number;
  /** Connect, read and write errors and timeouts. */
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The installed wrk's version line (`wrk 4.1.0 ...`), or undefined when there is none. */
export function findWrk(): string | undefined {
  // `wrk -v` prints its version and usage and exits 1; a missing binary is an ENOENT error.
  const probe = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (probe.error !== undefined) return undefined;
  const version = /^wrk \S+/m.exec(`${probe.stdout}${probe.stderr}`);
  return version?.[0];
}

const RESULT_MARK = 'SHIPLOG_WRK';
/** The Lua test that a string goes into the script as written: printable ASCII only. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** A Lua string literal (JSON's escapes for `"` and `\` are Lua's too). */
function luaString(value: string): string {
  if (!PRINTABLE.test(value)) throw new Error(`wrk script: only printable ASCII is supported: ${value}`);
  return JSON.stringify(value);
}

/**
 * The wrk script: each thread formats every request once (with `headers` and the Host wrk sets), every
 * connection cycles through them, and `done` prints the figures on one line for {@link parseResult}.
 */
export function wrkScript(
  requests: readonly HttpRequest[],
  headers: Readonly<Record<string, string>>,
): string {
  const specs = requests.map(
    (request) =>
      `  { ${luaString(request.method)}, ${luaString(request.path)}, ${request.body === undefined ? 'nil' : luaString(request.body)} },`,
  );
  const headerLines = Object.entries(headers).map(
    ([name, value]) => `  [${luaString(name)}] = ${luaString(value)},`,
  );
  return [
    'local specs = {',
    ...specs,
    '}',
    'local headers = {',
    ...headerLines,
    '}',
    'local formatted = {}',
    'local next_index = 0',
    'function init(args)',
    '  for i, spec in ipairs(specs) do',
    '    local h = {}',
    '    for name, value in pairs(headers) do h[name] = value end',
    '    formatted[i] = wrk.format(spec[1], spec[2], h, spec[3])',
    '  end',
    'end',
    'function request()',
    '  next_index = next_index % #formatted + 1',
    '  return formatted[next_index]',
    'end',
    'function done(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format("\\n${RESULT_MARK} %d %d %d %d %d %d\\n",`,
    '    summary.duration, summary.requests, e.status, e.connect + e.read + e.write + e.timeout,',
    '    latency:percentile(50), latency:percentile(99)))',
    'end',
    '',
  ].join('\n');
}

/** Reads the figures `done` printed; throws with wrk's output when they are missing. */
export function parseResult(output: string): WrkResult {
  const line = new RegExp(`^${RESULT_MARK} (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)$`, 'm').exec(output);
  if (line === null) throw new Error(`wrk printed no result:\n${output.slice(-2_000)}`);
  const [durationUs, answered, failedStatus, errors, p50Us, p99Us] = line.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    durationSeconds: durationUs / 1e6,
    answered,
    failedStatus,
    errors,
    p50Ms: ms(p50Us),
    p99Ms: ms(p99Us),
  };
}

/** How to run wrk against one server. */
export interface WrkRun {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: readonly HttpRequest[];
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly durationSeconds: number;
}

/** Seconds an answer may take before wrk counts a timeout: autocannon's default. */
const TIMEOUT_SECONDS = 10;

/**
 * Runs wrk once, with as many threads as this process may use CPUs (its pinning decides), at most one
 * per connection.
 */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const directory = await mkdtemp(join(tmpdir(), 'shiplog-wrk-'));
  const script = join(directory, 'scenario.lua');
  try {
    await writeFile(script, wrkScript(run.requests, run.headers));
    const threads = Math.max(1, Math.min(run.connections, availableParallelism()));
    const args = [
      `-t${threads}`,
      `-c${run.connections}`,
      // wrk takes whole seconds (or minutes, hours); the figures are per the seconds it reports.
      `-d${Math.max(1, Math.round(run.durationSeconds))}s`,
      `--timeout`,
      `${TIMEOUT_SECONDS}s`,
      '-s',
      script,
      run.url,
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text.slice(-2_000)}`)),
      );
    });
    return parseResult(output);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
