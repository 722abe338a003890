/**
 * The response cache on a real Fastify instance: when a kept answer is reused, when it is computed
 * again, and how the memory budget is held.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { matchesEtag, MIN_GZIP_BYTES, ResponseCache } from '../../../app/http/response-cache.js';
import type { Principal } from '../../../app/services/auth-service.js';

const servers: FastifyInstance[] = [];
afterEach(() => Promise.all(servers.splice(0).map((server) => server.close())));

/** A server whose `/items/:n` handler counts its calls; the caller is project 1 unless `x-as` says otherwise. */
async function serve(maxBytes: number, revision: { value: number | undefined }) {
  const cache = new ResponseCache({ revision: () => revision.value, maxBytes });
  const calls: string[] = [];
  const server = Fastify();
  server.decorateRequest('principal', undefined as never);
  server.decorateRequest('responseCache', null);
  server.addHook('onRequest', (request, _reply, done) => {
    const as = request.headers['x-as'];
    request.principal = (
      as === 'oidc'
        ? { kind: 'oidc', repository: 'acme/web', claims: {} }
        : { kind: 'project', projectId: Number(as ?? 1), tokenId: 1 }
    ) as Principal;
    done();
  });
  server.get('/items/:n', { ...cache.hooks }, async (request, reply) => {
    const { n } = request.params as { n: string };
    calls.push(n);
    if (n === 'missing') return reply.status(404).send({ error: 'no such item' });
    reply.header('x-total', 3);
    const filler = n === 'big' ? 'deployment '.repeat(MIN_GZIP_BYTES / 4) : 'x'.repeat(100);
    const answer = { n, revision: revision.value, filler };
    // A write that lands while the answer is being computed.
    if (n === 'racing' && revision.value !== undefined) revision.value++;
    return answer;
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  const { port } = server.server.address() as { port: number };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  /** The bytes as sent (fetch would decompress them), with the headers. */
  const raw = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path, headers, method }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
        .on('error', reject)
        .end();
    });
  return { cache, calls, get, raw };
}

describe('ResponseCache', () => {
  it('computes an answer once per revision, per caller scope and URL', async () => {
    const revision = { value: 1 as number | undefined };
    const { calls, get, cache } = await serve(1024 * 1024, revision);
    const first = await get('/items/a');
    const second = await get('/items/a');
    expect(calls).toEqual(['a']);
    expect(second.body).toBe(first.body);
    expect(second.headers.get('x-total')).toBe('3');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));

    await get('/items/a?x=1');
    await get('/items/a', { 'x-as': '2' });
    expect(calls).toEqual(['a', 'a', 'a']);
    expect(cache.stats.entries).toBe(3);

    revision.value = 2;
    const third = await get('/items/a');
    expect(calls).toHaveLength(4);
    expect(JSON.parse(third.body)).toMatchObject({ revision: 2 });
    // The older answers went with the revision they were computed at.
    expect(cache.stats.entries).toBe(1);
  });

  it('keeps nothing computed while a write landed', async () => {
    const { calls, get, cache } = await serve(1024 * 1024, { value: 1 });
    await get('/items/racing');
    await get('/items/racing');
    expect(calls).toEqual(['racing', 'racing']);
    expect(cache.stats.entries).toBe(0);
  });

  it('keeps nothing for OIDC callers, errors, or when the store cannot tell its revision', async () => {
    const revision = { value: 1 as number | undefined };
    const { calls, get } = await serve(1024 * 1024, revision);
    await get('/items/a', { 'x-as': 'oidc' });
    await get('/items/a', { 'x-as': 'oidc' });
    await get('/items/missing');
    await get('/items/missing');
    revision.value = undefined;
    await get('/items/b');
    await get('/items/b');
    expect(calls).toEqual(['a', 'a', 'missing', 'missing', 'b', 'b']);
  });

  it('keeps nothing with a zero budget, but still answers 304', async () => {
    const { calls, get, raw, cache } = await serve(0, { value: 1 });
    const first = await get('/items/a');
    const second = await get('/items/a', { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(second.status).toBe(304);
    expect(second.body).toBe('');
    const head = await raw('/items/a', { 'if-none-match': first.headers.get('etag') ?? '' }, 'HEAD');
    expect(head.status).toBe(304);
    expect(calls).toEqual(['a', 'a', 'a']);
    expect(cache.stats).toEqual({ entries: 0, bytes: 0 });
  });

  it('holds its memory budget by dropping the earliest kept answers', async () => {
    // What one answer takes with its key and headers (the same for each): three and a half fit the
    // budget, so a fourth pushes the first out.
    const sizing = await serve(1024 * 1024, { value: 1 });
    await sizing.get('/items/a');
    const one = sizing.cache.stats.bytes;
    const budget = Math.floor(3.5 * one);
    const { calls, get, cache } = await serve(budget, { value: 1 });
    for (const n of ['a', 'b', 'c', 'd']) await get(`/items/${n}`);
    expect(cache.stats.entries).toBe(3);
    expect(cache.stats.bytes).toBeLessThanOrEqual(budget);
    await get('/items/d');
    await get('/items/a');
    expect(calls).toEqual(['a', 'b', 'c', 'd', 'a']);
  });
});

describe('ResponseCache compression', () => {
  const gzip = { 'accept-encoding': 'gzip, deflate, br' };

  it('sends a kept answer asked for again compressed, to a client that accepts gzip', async () => {
    const { calls, raw, cache } = await serve(1024 * 1024, { value: 1 });
    const first = await raw('/items/big', gzip);
    // Computed: sent plain.
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.headers.vary).toBe('accept-encoding');
    expect(first.body.byteLength).toBeGreaterThan(MIN_GZIP_BYTES);

    const second = await raw('/items/big', gzip);
    expect(second.headers['content-encoding']).toBe('gzip');
    expect(second.headers.vary).toBe('accept-encoding');
    expect(second.headers['x-total']).toBe('3');
    expect(Number(second.headers['content-length'])).toBe(second.body.byteLength);
    expect(second.body.byteLength).toBeLessThan(first.body.byteLength / 4);
    expect(gunzipSync(second.body).toString()).toBe(first.body.toString());
    // A representation of its own, with an ETag of its own.
    expect(second.headers.etag).toBe(`${String(first.headers.etag).slice(0, -1)}.gz"`);

    const third = await raw('/items/big', gzip);
    expect(third.body.equals(second.body)).toBe(true);
    expect(calls).toEqual(['big']);
    // The plain answer and its compressed bytes: one entry, both under the budget.
    expect(cache.stats.entries).toBe(1);
    expect(cache.stats.bytes).toBeGreaterThan(first.body.byteLength + second.body.byteLength);

    // Plain for clients that do not accept gzip, from the same kept answer.
    const plainAsks: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'gzip;q=0, br' },
    ];
    for (const headers of plainAsks) {
      const plain = await raw('/items/big', headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('accept-encoding');
      expect(plain.body.equals(first.body)).toBe(true);
    }
    expect((await raw('/items/big', { 'accept-encoding': '*' })).headers['content-encoding']).toBe('gzip');
    expect(calls).toEqual(['big']);
  });

  it('answers 304 to either ETag of the current answer, and drops the compressed bytes with a write', async () => {
    const revision = { value: 1 };
    const { calls, raw } = await serve(1024 * 1024, revision);
    const plain = await raw('/items/big', gzip);
    const compressed = await raw('/items/big', gzip);
    for (const etag of [String(plain.headers.etag), String(compressed.headers.etag)]) {
      for (const headers of [gzip, {}]) {
        const again = await raw('/items/big', { ...headers, 'if-none-match': etag });
        expect(again.status).toBe(304);
        expect(again.body.byteLength).toBe(0);
      }
    }
    revision.value = 2;
    // Computed again (plain), then compressed again: the old bytes went with their revision.
    const after = await raw('/items/big', { ...gzip, 'if-none-match': String(compressed.headers.etag) });
    expect(after.status).toBe(200);
    expect(after.headers['content-encoding']).toBeUndefined();
    const recompressed = await raw('/items/big', gzip);
    expect(JSON.parse(gunzipSync(recompressed.body).toString())).toMatchObject({ revision: 2 });
    expect(calls).toEqual(['big', 'big']);
  });

  it('never compresses a small answer', async () => {
    const { raw, cache } = await serve(1024 * 1024, { value: 1 });
    await raw('/items/a', gzip);
    const again = await raw('/items/a', gzip);
    expect(again.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(again.body.toString())).toMatchObject({ n: 'a' });
    expect(cache.stats.entries).toBe(1);
  });
});

describe('matchesEtag', () => {
  it('follows the weak comparison of If-None-Match', () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", "abc"', '"abc"')).toBe(true);
    expect(matchesEtag(' * ', '"abc"')).toBe(true);
    expect(matchesEtag('"abcd"', '"abc"')).toBe(false);
    expect(matchesEtag('abc', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
    expect(matchesEtag('', '"abc"')).toBe(false);
    // Either encoding of an answer names it.
    expect(matchesEtag('"abc.gz"', '"abc"')).toBe(true);
    expect(matchesEtag('"abc"', '"abc.gz"')).toBe(true);
    expect(matchesEtag('W/"abc.gz"', '"abc.gz"')).toBe(true);
    expect(matchesEtag('"abd.gz"', '"abc"')).toBe(false);
  });
});
