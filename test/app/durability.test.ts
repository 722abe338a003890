/**
 * Nothing acknowledged is lost: the App is killed with SIGKILL in the middle of a storm of concurrent
 * writes, restarted on the same file, and every write it had answered 2xx must be there.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type AppProcess, spawnApp, waitUntilReady } from '../support/app-process.js';

const ADMIN = 'durability-admin-token-000';
const CLIENTS = 50;

async function call(app: AppProcess, method: string, path: string, token: string, body?: unknown) {
  return fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('durability', () => {
  it('keeps every acknowledged write when the process is SIGKILLed during concurrent writes', async () => {
    const env = {
      SHIPLOG_DATA: join(mkdtempSync(join(tmpdir(), 'shiplog-kill-')), 'shiplog.json'),
      SHIPLOG_ADMIN_TOKEN: ADMIN,
    };
    let app = await spawnApp(env);
    await waitUntilReady(app);
    await call(app, 'POST', '/api/projects', ADMIN, {
      name: 'web',
      repo: 'acme/web',
      environments: [{ name: 'prod', tier: 'production' }],
    });
    const { token } = (await (await call(app, 'POST', '/api/projects/web/tokens', ADMIN, {})).json()) as {
      token: string;
    };

    const acknowledged: { kind: string; key: string; id?: number }[] = [];
    for (let round = 0; round < 3; round++) {
      let killed = false;
      const client = async (n: number) => {
        for (let i = 0; !killed; i++) {
          const key = `${round}-${n}-${i}`;
          try {
            if (i % 2 === 0) {
              const response = await call(
                app,
                'POST',
                `/api/releases/web/releases/${round}.${n}.${i}-rc1`,
                token,
                {
                  commit: 'abcdef0',
                },
              );
              if (response.status === 201)
                acknowledged.push({ kind: 'candidate', key: `${round}.${n}.${i}-rc1` });
            } else {
              const response = await call(
                app,
                'POST',
                '/api/releases/web/environments/prod/deployments',
                token,
                {
                  release_candidate_version: `${round}.${n}.${i - 1}-rc1`,
                },
              );
              if (response.status === 201) {
                acknowledged.push({
                  kind: 'deployment',
                  key,
                  id: ((await response.json()) as { id: number }).id,
                });
              }
            }
          } catch {
            return; // the connection died with the process: not acknowledged
          }
        }
      };
      const storm = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      app.child.kill('SIGKILL');
      killed = true;
      expect(await app.exited).toBe('SIGKILL');
      await storm;

      // The file is complete JSON at any moment, and a restart takes over the dead process's lock.
      expect(() => JSON.parse(readFileSync(env.SHIPLOG_DATA, 'utf8'))).not.toThrow();
      app = await spawnApp(env);
      await waitUntilReady(app);
      for (const write of acknowledged) {
        const path =
          write.kind === 'candidate'
            ? `/api/releases/web/releases/${write.key}`
            : `/api/releases/web/deployments/${write.id}`;
        const response = await call(app, 'GET', path, token);
        expect({ write, status: response.status }).toEqual({ write, status: 200 });
      }
    }
    expect(acknowledged.length).toBeGreaterThan(100);
    app.child.kill('SIGTERM');
    await app.exited;
  }, 60_000);
});
