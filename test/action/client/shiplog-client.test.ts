import { describe, expect, it } from '@jest/globals';
import { ShiplogApiError, ShiplogNetworkError } from '../../../shared/client/errors.js';
import { ShiplogClient } from '../../../shared/client/shiplog-client.js';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a script and records what it was sent. */
function scriptedFetch(answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    return answer();
  };
  return { fetch, sent };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
const deployment = { id: 7, status: 'pending' };

function client(fetch: ReturnType<typeof scriptedFetch>['fetch'], retries = 3) {
  const waits: number[] = [];
  const instance = new ShiplogClient({
    baseUrl: 'https://ci.example.com/shiplog/',
    token: 'shp_secret',
    fetch,
    retry: { retries, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { instance, waits };
}

describe('ShiplogClient', () => {
  it('keeps the base path, encodes segments, and sends the token and a JSON body', async () => {
    const { fetch, sent } = scriptedFetch([json(201, deployment)]);
    await client(fetch).instance.createDeployment('web app', 'eu/west', {
      release_candidate_version: '1.0.0-rc1',
    });
    expect(sent[0]).toMatchObject({
      url: 'https://ci.example.com/shiplog/api/releases/web%20app/environments/eu%2Fwest/deployments',
      method: 'POST',
      headers: { authorization: 'Bearer shp_secret', 'content-type': 'application/json' },
      body: { release_candidate_version: '1.0.0-rc1' },
    });
  });

  it('retries 5xx and network errors with one idempotency key, then returns the replay', async () => {
    const { fetch, sent } = scriptedFetch([
      json(503, { error: 'busy' }, { 'retry-after': '0' }),
      () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
      json(201, deployment, { 'idempotent-replayed': 'true' }),
    ]);
    const { instance, waits } = client(fetch);
    const created = await instance.createDeployment('web', 'staging', {
      release_candidate_version: '1.0.0-rc1',
    });
    expect(created).toEqual({ record: deployment, replayed: true });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBe(0);
    const keys = sent.map((s) => s.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the given idempotency key, and a new random one per write otherwise', async () => {
    const { fetch, sent } = scriptedFetch([
      json(201, deployment),
      json(201, deployment),
      json(201, deployment),
    ]);
    const { instance } = client(fetch);
    const body = { release_candidate_version: '1.0.0-rc1' };
    await instance.createDeployment('web', 'staging', body, { idempotencyKey: 'mine' });
    await instance.createDeployment('web', 'staging', body);
    await instance.createDeployment('web', 'staging', body);
    const [given, first, second] = sent.map((s) => s.headers['idempotency-key']);
    expect(given).toBe('mine');
    expect(first).not.toBe(second);
  });

  it("throws the App's error message and status at once for a 4xx", async () => {
    const { fetch, sent } = scriptedFetch([
      json(409, { error: 'Deployment 7 already ended' }, { 'x-request-id': 'r1' }),
    ]);
    const error = await client(fetch)
      .instance.reportDeploymentStatus('web', 'staging', {
        release_candidate_version: '1.0.0-rc1',
        status: 'success',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShiplogApiError);
    expect(error).toMatchObject({
      status: 409,
      message: 'Deployment 7 already ended',
      requestId: 'r1',
      attempts: 1,
    });
    expect(sent).toHaveLength(1);
  });

  it("describes a proxy's non-JSON error page", async () => {
    const page = () =>
      new Response('<html>Bad Gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    const { fetch } = scriptedFetch([page, page]);
    const error = await client(fetch, 1)
      .instance.getDeployment('web', 7)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 502,
      attempts: 2,
      message:
        'HTTP 502 Bad Gateway with a text/html that is not a Shiplog error: a proxy or another server answered',
    });
  });

  it('gives up after the retries with a network error naming the cause', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const { fetch } = scriptedFetch([refused, refused]);
    const error = await client(fetch, 1)
      .instance.getDeployment('web', 7)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShiplogNetworkError);
    expect((error as Error).message).toBe(
      'Shiplog at https://ci.example.com/shiplog/api/releases/web/deployments/7 could not be reached after 2 attempts (ECONNREFUSED)',
    );
  });

  it('rejects a success that is not JSON (a wrong base URL)', async () => {
    const { fetch } = scriptedFetch([() => new Response('<html>login</html>', { status: 200 })]);
    const error = await client(fetch)
      .instance.getDeployment('web', 7)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is not JSON: is the URL the Shiplog App's base URL/);
  });
});
