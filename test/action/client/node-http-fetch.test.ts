/** The `node:http` transport behaves like `fetch` where the client depends on it. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiplogNetworkError } from '../../../shared/client/errors.js';
import { nodeHttpFetch } from '../../../shared/client/node-http-fetch.js';
import { ShiplogClient } from '../../../shared/client/shiplog-client.js';

let server: Server;
let base: string;
let cutOnce = true;
const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method, headers: request.headers, body });
      if (request.url?.endsWith('/deployments/1')) {
        response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r1' });
        response.end(JSON.stringify({ id: 1, status: 'pending' }));
      } else if (request.url?.endsWith('/deployments/2')) {
        // never answers
      } else if (request.url?.endsWith('/deployments/3') && cutOnce) {
        cutOnce = false;
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"id": 3,');
        setTimeout(() => response.destroy(), 10);
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 3, status: 'success' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const client = (timeoutMs = 5_000) =>
  new ShiplogClient({
    baseUrl: base,
    token: 'shp_t',
    fetch: nodeHttpFetch,
    timeoutMs,
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });

describe('nodeHttpFetch', () => {
  it('sends method, headers and body, and reads status, headers and body', async () => {
    const response = await nodeHttpFetch(`${base}/api/releases/web/deployments/1`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{"é":1}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(response).toMatchObject({ status: 200, ok: true, statusText: 'OK' });
    expect(response.headers.get('X-Request-Id')).toBe('r1');
    expect(response.headers.get('missing')).toBeNull();
    expect(JSON.parse(await response.text())).toEqual({ id: 1, status: 'pending' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: '{"é":1}',
      headers: { authorization: 'Bearer x', 'content-length': '8' },
    });
  });

  it('times out as fetch does, and the client says so', async () => {
    const error = await client(100)
      .getDeployment('web', 2)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShiplogNetworkError);
    expect((error as Error).message).toMatch(
      /could not be reached after 2 attempts \(no answer within 100 ms\)$/,
    );
  });

  it('treats an answer cut short as a network error, which the client retries', async () => {
    await expect(client().getDeployment('web', 3)).resolves.toEqual({ id: 3, status: 'success' });
  });

  it('refuses other protocols', async () => {
    await expect(
      nodeHttpFetch('ftp://x/', { headers: {}, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow('Unsupported protocol ftp:');
  });
});
