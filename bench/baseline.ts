/**
 * The reference: the bare Fastify server in its own process, up (idle between turns) for the whole run.
 * It answers the hello every ratio is to and, for reads, stored copies of the App's answers.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from './child-server.js';
import type { Pinning } from './cpu-pinning.js';
import type { Contender, RawAnswer } from './load.js';
import { baselineScenario, sameBytesScenario } from './scenarios.js';

const BARE_SERVER = fileURLToPath(new URL('./bare-server.js', import.meta.url));

/** Starts the bare server; stop it with `stop()` when the run is over. */
export function startBareServer(pinning: Pinning | undefined): Promise<ChildServer> {
  return startChildServer({ name: 'bare Fastify server', script: BARE_SERVER, readyPath: '/', pinning });
}

/** The bare server's hello, as a contender. */
export const bareHello = (server: ChildServer): Contender => ({
  url: server.url,
  scenario: baselineScenario(),
  pid: server.pid,
});

/**
 * Stores `answer` (an answer of the App, as sent) on the bare server and returns the contender that asks
 * for it: what sending those bytes costs without the App.
 */
export async function bareSameBytes(server: ChildServer, answer: RawAnswer): Promise<Contender> {
  const name = createHash('sha1').update(answer.body).digest('hex');
  const query = answer.encoding === undefined ? '' : `?encoding=${encodeURIComponent(answer.encoding)}`;
  const stored = await fetch(`${server.url}/payloads/${name}${query}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: answer.body,
  });
  if (stored.status !== 204) throw new Error(`the bare server refused a payload: ${stored.status}`);
  return {
    url: server.url,
    scenario: sameBytesScenario(name, answer.body.byteLength, answer.encoding),
    pid: server.pid,
  };
}
