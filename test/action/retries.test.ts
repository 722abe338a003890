/**
 * Retried reports never duplicate: a proxy in front of the real App loses the App's answers (the App
 * acted, the Action saw a 502), the built Action retries with the same idempotency key, and the App
 * answers with the record the first attempt created.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha } from '../support/fixtures.js';
import { startFlakyProxy, type FlakyProxy } from './support/flaky-proxy.js';
import { requireBuiltAction, runStep } from './support/run-action.js';
import { listDeployments, seedCandidate, startSeededApp, type SeededApp } from './support/shiplog.js';

let seeded: SeededApp;
let proxy: FlakyProxy;
const through = (extra: Record<string, string>) => ({
  'shiplog-url': proxy.url,
  project: 'web',
  token: seeded.token,
  ...extra,
});

beforeAll(async () => {
  requireBuiltAction();
  seeded = await startSeededApp();
  proxy = await startFlakyProxy(seeded.app.url);
  await seedCandidate(seeded.app, seeded.token, '3.0.0-rc1', sha('3.0.0'));
});
afterAll(async () => {
  await proxy.close();
  await seeded.app.close();
});

describe('a lost answer is retried without duplicating', () => {
  it('deploy: the retry gets the deployment the first attempt created', async () => {
    const before = (await listDeployments(seeded.app, 'production')).length;
    proxy.loseAnswers(1);
    proxy.seen.length = 0;

    const step = await runStep('main', {
      inputs: through({ command: 'deploy', version: '3.0.0-rc1', environment: 'production' }),
    });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toMatch(
      /attempt 1 failed \(HTTP 502\); retrying in \d+ ms with the same idempotency key/,
    );
    expect(step.outputs.replayed).toBe('true');
    const posts = proxy.seen.filter((line) => line.startsWith('POST '));
    expect(posts).toHaveLength(2);
    expect(new Set(posts).size).toBe(1);
    expect(posts[0]).toMatch(/ gha-4242-1-[0-9a-f]{32}$/);
    const after = await listDeployments(seeded.app, 'production');
    expect(after).toHaveLength(before + 1);
    expect(String(after[0]?.id)).toBe(step.outputs['deployment-id']);
  });

  it('release: the retry gets the candidate the first attempt cut', async () => {
    proxy.loseAnswers(1);
    const step = await runStep('main', {
      inputs: through({ command: 'release', version: '3.1.0-rc1', commit: sha('3.1.0') }),
    });
    expect(step.exitCode).toBe(0);
    expect(step.outputs).toMatchObject({ 'release-candidate': '3.1.0-rc1', replayed: 'true' });
  });

  it('status: the retried report is a no-op', async () => {
    proxy.loseAnswers(1);
    const step = await runStep('main', {
      inputs: through({
        command: 'status',
        version: '3.0.0-rc1',
        environment: 'production',
        status: 'in_progress',
      }),
    });
    expect(step.exitCode).toBe(0);
    expect(step.outputs.status).toBe('in_progress');
    const statuses = await seeded.app.request(
      `/api/releases/web/deployments/${step.outputs['deployment-id']}`,
    );
    const history = ((await statuses.json()) as { statuses: { status: string }[] }).statuses.map(
      (s) => s.status,
    );
    expect(history).toEqual(['pending', 'in_progress']);
  });
});

describe('idempotency across steps', () => {
  it("two deploy steps with the same 'idempotency-key' make one deployment", async () => {
    const inputs = through({
      command: 'deploy',
      version: '3.0.0-rc1',
      environment: 'staging',
      'idempotency-key': 'deploy-3.0.0-rc1-staging',
    });
    const first = await runStep('main', { inputs });
    const second = await runStep('main', { inputs });

    expect(first.outputs.replayed).toBe('false');
    expect(second.outputs.replayed).toBe('true');
    expect(second.outputs['deployment-id']).toBe(first.outputs['deployment-id']);
    expect(await listDeployments(seeded.app, 'staging')).toHaveLength(1);
  });

  it('a replayed deploy step leaves a deployment that moved past its status alone', async () => {
    await seedCandidate(seeded.app, seeded.token, '3.2.0-rc1', sha('3.2.0'));
    const key = 'deploy-3.2.0-rc1-staging';
    const inputs = through({
      command: 'deploy',
      version: '3.2.0-rc1',
      environment: 'staging',
      status: 'in_progress',
      'idempotency-key': key,
    });
    proxy.seen.length = 0;
    const first = await runStep('main', { inputs });
    expect(first.exitCode).toBe(0);
    // The create and the status report are two requests: only the create carries the step's key.
    expect(proxy.seen).toHaveLength(2);
    expect(proxy.seen[0]).toBe(`POST /api/releases/web/environments/staging/deployments ${key}`);
    expect(proxy.seen[1]).toMatch(/^PATCH \/api\/releases\/web\/environments\/staging\/deployments \S+$/);
    expect(proxy.seen[1]).not.toContain(key);
    const finished = await runStep('main', {
      inputs: through({ command: 'status', version: '3.2.0-rc1', environment: 'staging', status: 'success' }),
    });
    expect(finished.exitCode).toBe(0);

    const again = await runStep('main', { inputs });

    expect(again.errors).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({
      'deployment-id': first.outputs['deployment-id'],
      status: 'success',
      replayed: 'true',
    });
    expect(again.state).toEqual({});
  });
});

/** A local URL nothing listens on: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('an App that stays unreachable', () => {
  it('fails the step after the retries, naming the cause and the fix', async () => {
    const url = await closedPortUrl();
    const step = await runStep('main', {
      inputs: {
        'shiplog-url': url,
        project: 'web',
        token: seeded.token,
        command: 'status',
        version: '3.0.0-rc1',
        environment: 'production',
        status: 'success',
        retries: '1',
      },
    });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      `Shiplog at ${url}/api/releases/web/environments/production/deployments could not be reached after 2 attempts (ECONNREFUSED)\nHint: check 'shiplog-url' and that the App is reachable from this runner`,
    ]);
  });
});
