/**
 * The benchmark's wrk driver: the script it writes, the figures it reads back, and (where wrk is
 * installed) a real run against a local server that counts what it was sent.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from '@jest/globals';
import { findWrk, parseResult, runWrk, wrkScript } from '../../bench/wrk.js';

describe('wrkScript', () => {
  test('formats every request with the headers and cycles through them', () => {
    const script = wrkScript(
      [
        { method: 'GET', path: '/a?page=1' },
        { method: 'POST', path: '/b', body: '{"x":"y \\"z\\""}' },
      ],
      { authorization: 'Bearer t' },
    );
    expect(script).toContain('{ "GET", "/a?page=1", nil },');
    expect(script).toContain('{ "POST", "/b", "{\\"x\\":\\"y \\\\\\"z\\\\\\"\\"}" },');
    expect(script).toContain('["authorization"] = "Bearer t",');
    expect(script).toContain('next_index = next_index % #formatted + 1');
  });

  test('refuses what it cannot write into a Lua string as it is', () => {
    expect(() => wrkScript([{ method: 'GET', path: '/é' }], {})).toThrow('printable ASCII');
    expect(() => wrkScript([{ method: 'GET', path: '/' }], { x: 'a\nb' })).toThrow('printable ASCII');
  });
});

describe('parseResult', () => {
  test('reads the figures the script printed among wrk’s own lines', () => {
    const output = [
      'Running 2s test @ http://127.0.0.1:1',
      '  1 threads and 50 connections',
      '',
      'SHIPLOG_WRK 2003456 48000 12 3 1850 11740',
    ].join('\n');
    expect(parseResult(output)).toEqual({
      durationSeconds: 2.003456,
      answered: 48000,
      failedStatus: 12,
      errors: 3,
      p50Ms: 1.9,
      p99Ms: 11.7,
    });
  });

  test('says what wrk printed when the figures are missing', () => {
    expect(() => parseResult('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(
      /wrk printed no result:\nunable to connect/,
    );
  });
});

const wrk = findWrk();

(wrk === undefined ? test.skip : test)('a real run sends the requests in turn with the headers', async () => {
  const seen = new Map<string, number>();
  let authorized = 0;
  const server = createServer((request: IncomingMessage, response) => {
    seen.set(`${request.method} ${request.url}`, (seen.get(`${request.method} ${request.url}`) ?? 0) + 1);
    if (request.headers.authorization === 'Bearer t') authorized++;
    request.resume();
    request.on('end', () => {
      response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const result = await runWrk({
      url: `http://127.0.0.1:${port}`,
      requests: [
        { method: 'GET', path: '/one' },
        { method: 'POST', path: '/two', body: '{"a":1}' },
        { method: 'GET', path: '/missing' },
      ],
      headers: { authorization: 'Bearer t' },
      connections: 2,
      durationSeconds: 1,
    });
    const total = [...seen.values()].reduce((sum, count) => sum + count, 0);
    expect(result.answered).toBeGreaterThan(30);
    // Connections still open at the end may have sent requests that were never answered.
    expect(total - result.answered).toBeLessThanOrEqual(2);
    expect(authorized).toBe(total);
    // Likewise, a 404 sent as the run ended may not have been counted.
    const missing = seen.get('GET /missing') ?? 0;
    expect(result.failedStatus).toBeGreaterThan(0);
    expect(missing - result.failedStatus).toBeGreaterThanOrEqual(0);
    expect(missing - result.failedStatus).toBeLessThanOrEqual(2);
    expect(result.errors).toBe(0);
    for (const key of ['GET /one', 'POST /two', 'GET /missing']) {
      expect(seen.get(key)).toBeGreaterThanOrEqual(Math.floor(total / 3) - 2);
    }
    expect(result.durationSeconds).toBeGreaterThan(0.9);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
