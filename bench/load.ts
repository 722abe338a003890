/**
 * Runs one scenario against a server with autocannon (in this process; the server is another one) and
 * boils the result down to the figures the report needs.
 */
import autocannon from 'autocannon';
import { machineBusyMs, ownCpuMs, processCpuMs } from './process-cpu.js';
import type { HttpRequest, Scenario } from './scenarios.js';

/** How hard and how long to push. */
export interface LoadSettings {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/** The figures of one measured run. */
export interface Measurement {
  /** Mean of the per-second samples. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
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

/** The body of a read scenario's first answer. */
export async function firstAnswer(url: string, scenario: Scenario): Promise<string> {
  const { request, ok, status, body } = await firstRequest(url, scenario);
  if (!ok) throw new Error(`${request.method} ${request.path} → ${status} ${body.slice(0, 300)}`);
  return body;
}

/**
 * Preflight, warm-up, then the measured run of `scenario` against the server at `url`, whose process
 * `serverPid` has its CPU use sampled around the measured run.
 */
export async function measure(
  url: string,
  scenario: Scenario,
  settings: LoadSettings,
  serverPid: number,
): Promise<Measurement> {
  const preflightFailure = await preflight(url, scenario);
  const source = scenario.requests;
  const requests: autocannon.Request[] =
    typeof source === 'function'
      ? [{ setupRequest: (request) => ({ ...request, ...asAutocannonRequest(source()) }) }]
      : source.map(asAutocannonRequest);
  const run = (duration: number) =>
    autocannon({
      url,
      connections: settings.connections,
      duration,
      headers: { ...scenario.headers },
      requests,
    });

  const warmup = await run(settings.warmupSeconds);
  const before = { server: processCpuMs(serverPid), machine: machineBusyMs(), own: ownCpuMs() };
  const started = performance.now();
  const result = await run(settings.durationSeconds);
  const wallMs = performance.now() - started;
  const after = { server: processCpuMs(serverPid), machine: machineBusyMs(), own: ownCpuMs() };
  const percent = (ms: number) => (100 * ms) / wallMs;
  const server =
    before.server === undefined || after.server === undefined ? undefined : after.server - before.server;
  const machine =
    before.machine === undefined || after.machine === undefined ? undefined : after.machine - before.machine;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    answered: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    warmupFailures: warmup.non2xx + warmup.errors,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
    ),
    preflightFailure,
    serverCpuPercent: server === undefined ? undefined : percent(server),
    otherCpuPercent:
      server === undefined || machine === undefined
        ? undefined
        : Math.max(0, percent(machine - server - (after.own - before.own))),
  };
}
