/**
 * Reads through the response cache, over real HTTP: ETags and 304s, answers never stale after a write,
 * never shared across projects, never served to a revoked token, page headers replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';
import { sha } from '../../support/fixtures.js';

let app: TestApp;
let token: string;
let otherToken: string;

const deployments = '/api/releases/web/environments/prod/deployments';
const get = (path: string, init: { token?: string; etag?: string } = {}) =>
  app.request(path, {
    token: init.token ?? token,
    ...(init.etag ? { headers: { 'if-none-match': init.etag } } : {}),
  });

beforeAll(async () => {
  app = await startTestApp();
  token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [{ name: 'prod', tier: 'production' }],
  });
  otherToken = await createProject(app, {
    name: 'api',
    repo: 'acme/web',
    environments: [{ name: 'prod', tier: 'production' }],
  });
  await cutCandidates(app, 'web', token, [
    ['1.0.0-rc1', sha('a')],
    ['1.0.0-rc2', sha('b')],
    ['1.0.0-rc3', sha('c')],
  ]);
  for (const version of ['1.0.0-rc1', '1.0.0-rc2']) {
    const deployed = await app.request(deployments, {
      method: 'POST',
      json: { release_candidate_version: version },
      token,
    });
    expect(deployed.status).toBe(201);
  }
});

afterAll(() => app.close());

describe('conditional reads', () => {
  it('sends a strong ETag and private, no-cache on every read route', async () => {
    for (const path of [
      '/api/releases/web/releases',
      '/api/releases/web/releases/1.0.0',
      '/api/releases/web/releases/1.0.0-rc1',
      '/api/releases/web/environments',
      deployments,
      '/api/releases/web/deployments/1',
    ]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
    }
  });

  it('answers 304 without a body when If-None-Match names the current answer, from the cache or not', async () => {
    const first = await get(deployments);
    const etag = first.headers.get('etag') ?? '';
    // Twice: the first may compute the answer, the second is served from the kept one.
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await get(deployments, { etag: tag });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('etag')).toBe(etag);
    }
    const stale = await get(deployments, { etag: '"not-the-current-one"' });
    expect(stale.status).toBe(200);
    expect(await stale.json()).toHaveLength(2);
  });

  it('never serves an answer from before a write', async () => {
    const before = await get(deployments);
    const etag = before.headers.get('etag') ?? '';
    const [newest] = (await before.json()) as { id: number; status: string }[];
    expect(newest?.status).toBe('pending');
    expect((await get(deployments)).headers.get('etag')).toBe(etag);

    const reported = await app.request(deployments, {
      method: 'PATCH',
      json: { release_candidate_version: '1.0.0-rc2', status: 'success' },
      token,
    });
    expect(reported.status).toBe(200);

    const after = await get(deployments, { etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const [updated] = (await after.json()) as { id: number; status: string }[];
    expect(updated).toMatchObject({ id: newest?.id, status: 'success' });
    const environments = (await (await get('/api/releases/web/environments')).json()) as {
      current: { release_candidate_version: string } | null;
    }[];
    expect(environments[0]?.current?.release_candidate_version).toBe('1.0.0-rc2');
  });

  it('keeps an ETag across writes that do not change the answer', async () => {
    const before = await get('/api/releases/web/releases/1.0.0-rc3');
    const etag = before.headers.get('etag') ?? '';
    const other = await app.request('/api/releases/api/releases/2.0.0-rc1', {
      method: 'POST',
      json: { commit: sha('d') },
      token: otherToken,
    });
    expect(other.status).toBe(201);
    const after = await get('/api/releases/web/releases/1.0.0-rc3', { etag });
    expect(after.status).toBe(304);
  });

  it('replays the page headers of a list with its kept answer', async () => {
    const path = `${deployments}?per_page=1`;
    const first = await get(path);
    const second = await get(path);
    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('x-total')).toBe('2');
      expect(response.headers.get('x-next-page')).toBe('2');
      expect(response.headers.get('link')).toContain('rel="next"');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(await second.text()).toBe(await first.text());
  });

  it('sends a list asked for again gzip-compressed to a client that accepts it, as fetch does', async () => {
    // A URL no other test reads: its first answer is computed here.
    const path = `${deployments}?per_page=20`;
    const first = await get(path);
    const second = await get(path);
    // fetch sends `Accept-Encoding: gzip, deflate` (and br) and decompresses the body itself.
    expect(first.headers.get('content-encoding')).toBeNull();
    expect(second.headers.get('content-encoding')).toBe('gzip');
    expect(second.headers.get('vary')).toBe('accept-encoding');
    expect(second.headers.get('x-total')).toBe('2');
    expect(Number(second.headers.get('content-length'))).toBeLessThan(
      Number(first.headers.get('content-length')),
    );
    expect(await second.json()).toEqual(await first.json());
    // Either ETag names the current answer.
    for (const response of [first, second]) {
      expect((await get(path, { etag: response.headers.get('etag') ?? '' })).status).toBe(304);
    }
  });

  it("never gives one project's answer to another project's token", async () => {
    expect((await get(deployments)).status).toBe(200);
    const foreign = await get(deployments, { token: otherToken });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: expect.stringContaining("'web'") });
  });

  it('refuses a revoked token even when the answer is kept', async () => {
    const created = await app.request('/api/projects/web/tokens', {
      method: 'POST',
      json: { name: 'short' },
    });
    const { id, token: shortLived } = (await created.json()) as { id: number; token: string };
    expect((await get(deployments, { token: shortLived })).status).toBe(200);
    expect((await get(deployments, { token: shortLived })).status).toBe(200);
    const revoked = await app.request(`/api/projects/web/tokens/${id}`, { method: 'DELETE' });
    expect(revoked.status).toBeLessThan(300);
    const refused = await get(deployments, { token: shortLived });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('etag')).toBeNull();
  });

  it('sends no ETag with errors', async () => {
    const missing = await get('/api/releases/web/releases/9.9.9-rc1');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
  });
});

describe('with the cache turned off (SHIPLOG_RESPONSE_CACHE_MB=0)', () => {
  it('still answers conditional requests', async () => {
    const uncached = await startTestApp({ env: { SHIPLOG_RESPONSE_CACHE_MB: '0' } });
    try {
      const projectToken = await createProject(uncached, {
        name: 'web',
        repo: 'acme/web',
        environments: [{ name: 'prod', tier: 'production' }],
      });
      const path = '/api/releases/web/environments';
      const first = await uncached.request(path, { token: projectToken });
      const etag = first.headers.get('etag') ?? '';
      expect(etag).not.toBe('');
      const again = await uncached.request(path, { token: projectToken, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    } finally {
      await uncached.close();
    }
  });
});
