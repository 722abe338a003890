import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, createProject, startTestApp, type TestApp } from '../../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('logs', () => {
  it('are structured, carry a request id, and never contain a token', async () => {
    const token = await createProject(app, { name: 'web', repo: 'acme/web' });
    const response = await app.request('/api/releases/web/releases', {
      token,
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
    await app.request('/api/releases/web/releases', { token: `${token}-wrong` });
    const generated = await app.request('/api/releases/web/releases', { token });
    const next = await app.request('/api/releases/web/releases', { token });
    const id = /^([A-Za-z0-9_-]{8})-([0-9a-z]+)$/;
    const [, prefix, sequence] = id.exec(generated.headers.get('x-request-id') ?? '') ?? [];
    expect(prefix).toBeDefined();
    expect(next.headers.get('x-request-id')).toBe(
      `${prefix}-${(parseInt(sequence ?? '', 36) + 1).toString(36)}`,
    );

    const lines = app.logs.map((line) => JSON.parse(line) as { reqId?: string; msg: string });
    expect(lines.some((line) => line.reqId === 'trace-abc.123' && line.msg === 'request completed')).toBe(
      true,
    );
    const all = app.logs.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.slice(4));
    expect(all).not.toContain(ADMIN_TOKEN);
  });
});
