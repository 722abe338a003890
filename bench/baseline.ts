/**
 * The reference: the bare Fastify server in its own process, up (idle between turns) for the whole run.
 * It answers the hello every ratio is to and, for reads, stored copies of the App's answers.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from './child-server.js';
import type { Contender } from './load.js';
import { baselineScenario, sameBytesScenario } from './scenarios.js';

const BARE_SERVER = fileURLToPath(new URL('./bare-server.js', import.meta.url));

/** Starts the bare server; stop it with `stop()` when the run is over. */
export function startBareServer(): Promise<ChildServer> {
  return startChildServer({ name: 'bare Fastify server', script: BARE_SERVER, readyPath: '/' });
}

/** The bare server's hello, as a contender. */
export const bareHello = (server: ChildServer): Contender => ({
  url: server.url,
  scenario: baselineScenario(),
  pid: server.pid,
});

/**
 * Stores `body` (an answer of the App, JSON text) on the bare server and returns the contender that asks
 * for it: what sending those bytes costs without the App.
 */
export async function bareSameBytes(server: ChildServer, body: string): Promise<Contender> {
  const name = createHash('sha1').update(body).digest('hex');
  const stored = await fetch(`${server.url}/payloads/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (stored.status !== 204) throw new Error(`the bare server refused a payload: ${stored.status}`);
  return {
    url: server.url,
    scenario: sameBytesScenario(name, Buffer.byteLength(body)),
    pid: server.pid,
  };
}
