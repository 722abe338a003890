/**
 * Runs scenarios against servers with a load generator (wrk as a child process, or autocannon in this
 * one; each server is another process) and boils the results down to the figures the report needs.
 *
 * The machine's speed drifts by a third and more within minutes (a bare hello measured 42k and 62k req/s
 * in one run), so figures meant to be compared are measured together: {@link measureTogether} runs its
 * contenders in alternating slices, the App and the bare server taking turns, and a ratio of two of its
 * figures compares the same stretch of time.
 */
import { request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { childrenCpuMs, machineBusyMs, ownCpuMs, processCpuMs } from './process-cpu.js';
import type { HttpRequest, Scenario } from './scenarios.js';
import { runWrk } from './wrk.js';

/**
 * The load generator: wrk where it is installed and the requests are a fixed list (see wrk.ts: autocannon
 * cannot keep up with big answers on one core), autocannon otherwise.
 */
export type LoadGenerator = 'wrk' | 'autocannon';

/** How hard and how long to push. */
export interface LoadSettings {
  readonly connections: number;
  /** Measured seconds per contender, split over the rounds. */
  readonly durationSeconds: number;
  /** Unmeasured seconds per contender before the first round. */
  readonly warmupSeconds: number;
  /** Slices each contender's measured time is cut into, the contenders taking turns. */
  readonly rounds: number;
  /**
   * wrk's version line when wrk measures fixed request lists (see wrk.ts); undefined when autocannon
   * measures everything. Generated requests (the writes) always use autocannon.
   */
  readonly wrk: string | undefined;
}

/** A server and what to ask of it. */
export interface Contender {
  readonly url: string;
  readonly scenario: Scenario;
  /** The server's process, whose CPU use is sampled. */
  readonly pid: number;
}

/** The figures of one measured run. */
export interface Measurement {
  /** What sent the requests. */
  readonly generator: LoadGenerator;
  /** Answered requests over measured seconds. */
  readonly requestsPerSecond: number;
  /** The median of the rounds' medians. */
  readonly p50Ms: number;
  /** The highest of the rounds' 99th percentiles. */
  readonly p99Ms: number;
  /** Answered requests in the measured run. */
  readonly answered: number;
  /** Answers outside 2xx, in the measured run. */
  readonly non2xx: number;
  /** Connection errors, timeouts included, in the measured run. */
  readonly errors: number;
  /** Answers outside 2xx plus errors during the warm-up. */
  readonly warmupFailures: number;
  /** Count per status code, measured run. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Status and body of a failed preflight request, if it failed. */
  readonly preflightFailure: string | undefined;
  /** The server process's CPU use during the measured run, % of one core; undefined without /proc. */
  readonly serverCpuPercent: number | undefined;
  /**
   * CPU used during the measured run by everything but the server and the load generator (the kernel's
   * network work included), % of one core: high values mean the machine was busy with something else.
   */
  readonly otherCpuPercent: number | undefined;
}

/** Other CPU use (% of one core) above which a run counts as measured on a busy machine. */
export const BUSY_MACHINE_PERCENT = 40;

/** Whether the run was measured while something else used a lot of CPU. */
export const isBusy = (m: Measurement): boolean => (m.otherCpuPercent ?? 0) > BUSY_MACHINE_PERCENT;

/** True when every request of the scenario, warm-up included, was answered 2xx. */
export const isClean = (m: Measurement): boolean =>
  m.non2xx === 0 && m.errors === 0 && m.warmupFailures === 0 && m.preflightFailure === undefined;

const asAutocannonRequest = (request: HttpRequest): autocannon.Request => ({
  method: request.method,
  path: request.path,
  ...(request.body === undefined ? {} : { body: request.body }),
});

/** Sends the scenario's first request with fetch: its status and body (autocannon only counts). */
async function firstRequest(url: string, scenario: Scenario) {
  const request = typeof scenario.requests === 'function' ? scenario.requests() : scenario.requests[0];
  if (!request) throw new Error(`the scenario ${scenario.name} has no request`);
  const response = await fetch(url + request.path, {
    method: request.method,
    headers: scenario.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { request, status: response.status, ok: response.ok, body: await response.text() };
}

/** The first request, so a failure shows its body; undefined when it succeeded. */
async function preflight(url: string, scenario: Scenario): Promise<string | undefined> {
  const { request, ok, status, body } = await firstRequest(url, scenario);
  return ok ? undefined : `${request.method} ${request.path} → ${status} ${body.slice(0, 300)}`;
}

/** A read's answer as sent: the bytes on the wire and their `Content-Encoding`. */
export interface RawAnswer {
  readonly body: Buffer;
  /** `gzip`, or undefined for plain bytes. */
  readonly encoding: string | undefined;
}

/**
 * The answer to a read scenario's first request, asked again with node:http (fetch would decompress it):
 * what the load generator receives from now on, for the bare server to send the same bytes.
 */
export async function firstAnswer(url: string, scenario: Scenario): Promise<RawAnswer> {
  const { request, ok, status, body } = await firstRequest(url, scenario);
  if (!ok) throw new Error(`${request.method} ${request.path} → ${status} ${body.slice(0, 300)}`);
  return new Promise((resolve, reject) => {
    httpRequest(url + request.path, { method: request.method, headers: scenario.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) {
          reject(new Error(`${request.method} ${request.path} → ${response.statusCode} the second time`));
          return;
        }
        const encoding = response.headers['content-encoding'];
        resolve({ body: Buffer.concat(chunks), encoding });
      });
    })
      .on('error', reject)
      .end();
  });
}

/** One run of the load generator against one contender, whichever generator it was. */
interface LoadRun {
  /** Measured seconds. */
  readonly durationSeconds: number;
  /** Complete answers, whatever their status. */
  readonly answered: number;
  readonly non2xx: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  /** Answers per status code (wrk only tells 4xx and 5xx apart, as one count). */
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** One measured slice of one contender. */
interface Slice {
  readonly run: LoadRun;
  readonly wallMs: number;
  readonly serverMs: number | undefined;
  readonly otherMs: number | undefined;
}

async function autocannonRun(
  contender: Contender,
  settings: LoadSettings,
  durationSeconds: number,
): Promise<LoadRun> {
  const { scenario, url } = contender;
  const source = scenario.requests;
  const requests: autocannon.Request[] =
    typeof source === 'function'
      ? [{ setupRequest: (request) => ({ ...request, ...asAutocannonRequest(source()) }) }]
      : source.map(asAutocannonRequest);
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: durationSeconds,
    headers: { ...scenario.headers },
    requests,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    durationSeconds: result.duration,
    answered: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

async function wrkRun(
  contender: Contender,
  settings: LoadSettings,
  durationSeconds: number,
): Promise<LoadRun> {
  const { scenario, url } = contender;
  if (typeof scenario.requests === 'function') {
    throw new Error(`wrk cannot generate the requests of ${scenario.name}`);
  }
  const result = await runWrk({
    url,
    requests: scenario.requests,
    headers: scenario.headers,
    connections: settings.connections,
    durationSeconds,
  });
  return {
    durationSeconds: result.durationSeconds,
    answered: result.answered,
    non2xx: result.failedStatus,
    errors: result.errors,
    statusCodes: result.failedStatus > 0 ? { '4xx or 5xx': result.failedStatus } : {},
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
  };
}

/** wrk when the settings prefer it and every contender's requests are a fixed list; autocannon otherwise. */
function generatorFor(contenders: readonly Contender[], settings: LoadSettings): LoadGenerator {
  return settings.wrk !== undefined &&
    contenders.every((contender) => typeof contender.scenario.requests !== 'function')
    ? 'wrk'
    : 'autocannon';
}

const loadRun = (
  generator: LoadGenerator,
  contender: Contender,
  settings: LoadSettings,
  seconds: number,
): Promise<LoadRun> =>
  generator === 'wrk' ? wrkRun(contender, settings, seconds) : autocannonRun(contender, settings, seconds);

/** The load generator's CPU: this process's (autocannon) and its finished children's (wrk). */
const loadGeneratorCpuMs = (): number => ownCpuMs() + (childrenCpuMs() ?? 0);

async function measureSlice(
  generator: LoadGenerator,
  contender: Contender,
  settings: LoadSettings,
  seconds: number,
): Promise<Slice> {
  const before = {
    server: processCpuMs(contender.pid),
    machine: machineBusyMs(),
    load: loadGeneratorCpuMs(),
  };
  const started = performance.now();
  const run = await loadRun(generator, contender, settings, seconds);
  const wallMs = performance.now() - started;
  const after = { server: processCpuMs(contender.pid), machine: machineBusyMs(), load: loadGeneratorCpuMs() };
  const serverMs =
    before.server === undefined || after.server === undefined ? undefined : after.server - before.server;
  const otherMs =
    serverMs === undefined || before.machine === undefined || after.machine === undefined
      ? undefined
      : Math.max(0, after.machine - before.machine - serverMs - (after.load - before.load));
  return { run, wallMs, serverMs, otherMs };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** The figures of one contender over all its slices. */
function combine(
  generator: LoadGenerator,
  slices: readonly Slice[],
  warmup: LoadRun,
  preflightFailure: string | undefined,
): Measurement {
  const wallMs = sum(slices.map((slice) => slice.wallMs));
  const answered = sum(slices.map((slice) => slice.run.answered));
  const statusCodes: Record<string, number> = {};
  for (const slice of slices) {
    for (const [code, count] of Object.entries(slice.run.statusCodes)) {
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
    }
  }
  const percent = (values: readonly (number | undefined)[]) =>
    values.some((value) => value === undefined) ? undefined : (100 * sum(values as number[])) / wallMs;
  return {
    generator,
    requestsPerSecond: answered / (sum(slices.map((slice) => slice.run.durationSeconds)) || 1),
    p50Ms: median(slices.map((slice) => slice.run.p50Ms)),
    p99Ms: Math.max(...slices.map((slice) => slice.run.p99Ms)),
    answered,
    non2xx: sum(slices.map((slice) => slice.run.non2xx)),
    errors: sum(slices.map((slice) => slice.run.errors)),
    warmupFailures: warmup.non2xx + warmup.errors,
    statusCodes,
    preflightFailure,
    serverCpuPercent: percent(slices.map((slice) => slice.serverMs)),
    otherCpuPercent: percent(slices.map((slice) => slice.otherMs)),
  };
}

/**
 * Measures the contenders together, all with one load generator: a preflight request and a warm-up each,
 * then `rounds` rounds in which every contender in turn gets its slice of `durationSeconds`. One figure
 * per contender, in order.
 */
export async function measureTogether(
  contenders: readonly Contender[],
  settings: LoadSettings,
): Promise<Measurement[]> {
  const generator = generatorFor(contenders, settings);
  const preflights: (string | undefined)[] = [];
  const warmups: LoadRun[] = [];
  for (const contender of contenders) {
    preflights.push(await preflight(contender.url, contender.scenario));
    warmups.push(await loadRun(generator, contender, settings, settings.warmupSeconds));
  }
  const slices: Slice[][] = contenders.map(() => []);
  const seconds = settings.durationSeconds / settings.rounds;
  for (let round = 0; round < settings.rounds; round++) {
    for (const [index, contender] of contenders.entries()) {
      slices[index]?.push(await measureSlice(generator, contender, settings, seconds));
    }
  }
  return contenders.map((_, index) =>
    combine(generator, slices[index] ?? [], warmups[index] as LoadRun, preflights[index]),
  );
}
