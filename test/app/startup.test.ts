import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { spawnApp, waitUntilReady } from '../support/app-process.js';

const dataPath = () => join(mkdtempSync(join(tmpdir(), 'shiplog-start-')), 'nested', 'shiplog.json');

describe('npm start (build/app/main.js)', () => {
  it('starts with no configuration, on the embedded store, saying GitHub is off and how to turn it on', async () => {
    const app = await spawnApp({ SHIPLOG_DATA: dataPath() });
    try {
      await waitUntilReady(app);
      expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({
        status: 'ok',
        github: 'unconfigured',
      });
      expect(app.output()).toContain('GitHub validation and mirroring are OFF');
      expect(app.output()).toContain('set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET');
    } finally {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }
  });

  it.each([
    [{ APP_ID: 'abc', PRIVATE_KEY: 'x', WEBHOOK_SECRET: 'y' }, 'APP_ID must be the numeric App ID'],
    [
      {
        APP_ID: '12',
        PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----',
        WEBHOOK_SECRET: 'y',
      },
      'PRIVATE_KEY is not a valid PEM private key',
    ],
    [{ PORT: 'http' }, 'PORT must be a port number'],
  ])('refuses to start on invalid configuration %p, naming the variable', async (env, message) => {
    const app = await spawnApp({ SHIPLOG_DATA: dataPath(), ...env });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain(`Shiplog cannot start: ${message}`);
    expect(app.output()).not.toContain('nope');
  });
});
