/**
 * The reference figure: the bare Fastify hello server in its own process, measured like the App. It
 * stays up (idle) for the whole run and is measured again before each size, so every ratio compares
 * figures taken minutes apart at most, even when the machine's speed drifts.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from './child-server.js';
import { measure, type LoadSettings } from './load.js';
import type { SameBytes, ScenarioResult } from './results.js';
import { baselineScenario, sameBytesScenario } from './scenarios.js';

const BARE_SERVER = fileURLToPath(new URL('./bare-server.js', import.meta.url));

/** Starts the bare server; stop it with `stop()` when the run is over. */
export function startBareServer(): Promise<ChildServer> {
  return startChildServer({ name: 'bare Fastify server', script: BARE_SERVER, readyPath: '/' });
}

/** Measures the bare server once. */
export async function measureBaseline(server: ChildServer, settings: LoadSettings): Promise<ScenarioResult> {
  const scenario = baselineScenario();
  const measurement = await measure(server.url, scenario, settings, server.pid);
  return { scenario: scenario.name, kind: scenario.kind, size: undefined, measurement };
}

/**
 * Measures the bare server answering `body` (an answer of the App, JSON text) to every request: what
 * sending those bytes costs without the App. `measured` keeps the figures per body, so a body seen again
 * (the same answer, cached or not) is measured once.
 */
export async function measureSameBytes(
  server: ChildServer,
  body: string,
  settings: LoadSettings,
  measured: Map<string, SameBytes>,
): Promise<SameBytes> {
  const name = createHash('sha1').update(body).digest('hex');
  const known = measured.get(name);
  if (known) return known;
  const stored = await fetch(`${server.url}/payloads/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (stored.status !== 204) throw new Error(`the bare server refused a payload: ${stored.status}`);
  const bytes = Buffer.byteLength(body);
  const measurement = await measure(server.url, sameBytesScenario(name, bytes), settings, server.pid);
  const result = { bytes, measurement };
  measured.set(name, result);
  return result;
}
