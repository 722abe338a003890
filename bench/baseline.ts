/**
 * The reference figure: the bare Fastify hello server in its own process, measured like the App. It
 * stays up (idle) for the whole run and is measured again before each size, so every ratio compares
 * figures taken minutes apart at most, even when the machine's speed drifts.
 */
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from './child-server.js';
import { measure, type LoadSettings } from './load.js';
import type { ScenarioResult } from './results.js';
import { baselineScenario } from './scenarios.js';

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
