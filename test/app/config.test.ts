import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, readConfig } from '../../app/config.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs1',
  format: 'pem',
}) as string;
const github = { APP_ID: '123', PRIVATE_KEY: pem, WEBHOOK_SECRET: 'secret' };

const failure = (env: Record<string, string>): string => {
  try {
    readConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('readConfig accepted the configuration');
};

describe('readConfig', () => {
  it('needs nothing: port 3000, ./data/shiplog.json, GitHub off, management off', () => {
    const config = readConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataPath).toBe(join(process.cwd(), 'data/shiplog.json'));
    expect(config.github).toBeUndefined();
    expect(config.adminToken).toBeUndefined();
    expect(config.responseCacheBytes).toBe(32 * 1024 * 1024);
    expect(readConfig({ SHIPLOG_RESPONSE_CACHE_MB: '0' }).responseCacheBytes).toBe(0);
  });

  it('reads a GitHub App, GitHub.com by default and GHES through GHE_HOST/GHE_PROTOCOL', () => {
    expect(readConfig(github).github).toMatchObject({ appId: 123, apiBaseUrl: 'https://api.github.com' });
    const ghes = readConfig({ ...github, GHE_HOST: 'ghe.example.com:8443', GHE_PROTOCOL: 'http' });
    expect(ghes.github?.apiBaseUrl).toBe('http://ghe.example.com:8443/api/v3');
  });

  it('accepts a one-line key with literal \\n and a key file', () => {
    expect(readConfig({ ...github, PRIVATE_KEY: pem.replace(/\n/g, '\\n') }).github?.privateKey).toBe(pem);
    const path = join(mkdtempSync(join(tmpdir(), 'shiplog-key-')), 'app.pem');
    writeFileSync(path, pem);
    const { PRIVATE_KEY: _unused, ...withoutInline } = github;
    expect(readConfig({ ...withoutInline, PRIVATE_KEY_PATH: path }).github?.privateKey).toBe(pem);
  });

  it.each([
    [{ ...github, APP_ID: 'abc' }, /^APP_ID must be the numeric App ID/],
    [{ ...github, PRIVATE_KEY: 'not a key' }, /^PRIVATE_KEY is not a valid PEM private key/],
    [{ APP_ID: '1', WEBHOOK_SECRET: 'x' }, /^PRIVATE_KEY or PRIVATE_KEY_PATH is required/],
    [
      { APP_ID: '1', PRIVATE_KEY_PATH: '/nonexistent/key.pem', WEBHOOK_SECRET: 'x' },
      /^PRIVATE_KEY_PATH: cannot read/,
    ],
    [{ APP_ID: '1', PRIVATE_KEY: pem }, /^WEBHOOK_SECRET is required/],
    [{ WEBHOOK_SECRET: 'x' }, /^APP_ID is required/],
    [{ PORT: 'eighty' }, /^PORT must be a port number/],
    [{ PORT: '70000' }, /^PORT must be a port number/],
    [{ SHIPLOG_ADMIN_TOKEN: 'short' }, /^SHIPLOG_ADMIN_TOKEN must be at least 16 characters/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ ...github, GHE_PROTOCOL: 'ftp' }, /^GHE_PROTOCOL must be/],
    [{ SHIPLOG_URL: 'shiplog.example.com' }, /^SHIPLOG_URL must be the App's http\(s\) base URL/],
    [{ SHIPLOG_RESPONSE_CACHE_MB: '-1' }, /^SHIPLOG_RESPONSE_CACHE_MB must be a whole number of megabytes/],
    [{ SHIPLOG_RESPONSE_CACHE_MB: '1.5' }, /^SHIPLOG_RESPONSE_CACHE_MB must be a whole number of megabytes/],
  ])('stops on %p naming the variable', (env, expected) => {
    expect(failure(env as Record<string, string>)).toMatch(expected);
  });

  it('never echoes a private key in its error', () => {
    const broken = pem.replace('MII', 'XXX');
    expect(failure({ ...github, PRIVATE_KEY: broken })).not.toContain('XXX');
  });
});
