/**
 * Input the routes never see as meant: values of the wrong JSON type, bytes that are not UTF-8, broken
 * JSON, forbidden keys, oversize bodies, broken URLs and broken HTTP. Each gets a 4xx whose
 * `{"error": ...}` says what to fix, and nothing is written.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';

let app: TestApp;
let token: string;
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

/** POSTs raw bytes as JSON. */
const postRaw = (path: string, body: string | Buffer, auth = token) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body,
  });

/** Sends raw bytes on a socket and returns everything the App answered before closing. */
const rawHttp = (bytes: string) =>
  new Promise<string>((resolve, reject) => {
    const url = new URL(app.url);
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });

beforeAll(async () => {
  app = await startTestApp();
  token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [{ name: 'staging', tier: 'staging' }],
  });
  await cutCandidates(app, 'web', token, [['1.0.0-rc1', 'a'.repeat(40)]]);
});
afterAll(() => app.close());

describe('JSON bodies are taken as typed', () => {
  it.each([
    [
      '/api/releases/web/releases/2.0.0-rc1',
      { commit: 'b'.repeat(40), trigger_build_workflow: 'false' },
      'body.trigger_build_workflow must be a boolean',
    ],
    [
      '/api/releases/web/releases/2.0.0-rc1',
      { commit: 'b'.repeat(40), trigger_build_workflow: 0 },
      'body.trigger_build_workflow must be a boolean',
    ],
    [
      '/api/releases/web/environments/staging/deployments',
      { release_candidate_version: ['1.0.0-rc1'] },
      'body.release_candidate_version must be a string',
    ],
    [
      '/api/releases/web/environments/staging/deployments',
      { release_candidate_version: 1 },
      'body.release_candidate_version must be a string',
    ],
  ])('%s %j: 400', async (path, body, message) => {
    const response = await postRaw(path, JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe(message);
  });

  it('refuses a number for a name and a string for a list, saying which', async () => {
    const number = await app.request('/api/projects', {
      method: 'POST',
      json: { name: 12345, repo: 'acme/web', environments: [] },
    });
    expect(number.status).toBe(400);
    expect(await errorOf(number)).toBe('body.name must be a string');
    const list = await app.request('/api/projects', {
      method: 'POST',
      json: { name: 'x', repo: 'acme/web', environments: 'x' },
    });
    expect(await errorOf(list)).toBe('body.environments must be an array');
    expect((await app.request('/api/projects/12345')).status).toBe(404);
    expect((await app.request('/api/projects/x')).status).toBe(404);
  });

  it('still converts path and query values, which are text by nature', async () => {
    const response = await app.request(
      '/api/releases/web/environments/staging/deployments?page=2&per_page=5',
      {
        token,
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-page')).toBe('2');
    expect(response.headers.get('x-per-page')).toBe('5');
  });

  it('refuses control characters in names and free text', async () => {
    const name = await app.request('/api/projects/web/tokens', {
      method: 'POST',
      json: { name: 'a\u0000b' },
    });
    expect(name.status).toBe(400);
    expect(await errorOf(name)).toMatch(
      /^body\.name must match pattern .*One line, no control characters\.$/,
    );
    const lock = await app.request('/api/releases/web/environments/staging/lock', {
      method: 'PUT',
      json: { user: 'mo', reason: 'bell\u0007' },
      token,
    });
    expect(lock.status).toBe(400);
    expect(await errorOf(lock)).toMatch(/^body\.reason must match pattern .*No control characters but tabs/);
    const tokens = (await (await app.request('/api/projects/web/tokens')).json()) as unknown[];
    expect(tokens).toHaveLength(1);
  });
});

describe('broken bodies', () => {
  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const response = await postRaw(
      '/api/releases/web/environments/staging/deployments',
      Buffer.from([
        ...Buffer.from('{"release_candidate_version":"1.0.0-rc1'),
        0xff,
        0xfe,
        ...Buffer.from('"}'),
      ]),
    );
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe('Request body is not UTF-8 text; send JSON encoded as UTF-8');
  });

  it('says where JSON is broken', async () => {
    const response = await postRaw(
      '/api/releases/web/environments/staging/deployments',
      '{"release_candidate_version":"1.0.0-rc1"',
    );
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(/^Request body is not valid JSON: .*position \d+/);
  });

  it.each([
    '{"release_candidate_version":"1.0.0-rc1","__proto__":{"x":1}}',
    '{"release_candidate_version":"1.0.0-rc1","constructor":{"prototype":{"x":1}}}',
  ])('names a forbidden key instead of calling valid JSON invalid: %s', async (body) => {
    const response = await postRaw('/api/releases/web/environments/staging/deployments', body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe(
      'Request body contains a "__proto__" or "constructor.prototype" key, which Shiplog refuses; remove or rename it',
    );
  });

  it('gives the limit of an oversize body', async () => {
    const response = await postRaw(
      '/api/releases/web/environments/staging/deployments',
      ' '.repeat(1024 * 1024 + 1),
    );
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toBe('Request body is too large; send at most 1 MiB (1,048,576 bytes)');
  });

  it('created no deployment with any of them', async () => {
    const listed = await app.request('/api/releases/web/environments/staging/deployments', { token });
    expect(await listed.json()).toEqual([]);
  });
});

describe('broken URLs and broken HTTP', () => {
  it.each(['%ff', '%', '%zz', '%C0%AF'])(
    'a bad percent-escape (%s) is a 400 in the error format',
    async (escape) => {
      const response = await app.request(`/api/releases/web/releases/1.0.0-rc1${escape}`, { token });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatch(
        /^The URL path ".*" is not valid: a % must start an escape of two hex digits/,
      );
    },
  );

  it('a path segment over 100 characters is a 414 that gives the limit', async () => {
    const response = await app.request(`/api/releases/web/releases/${'1'.repeat(101)}`, { token });
    expect(response.status).toBe(414);
    expect(await errorOf(response)).toMatch(
      /is longer than 100 characters; names, versions and ids are at most 100$/,
    );
  });

  it('a request Node cannot parse gets a JSON answer and the connection is closed', async () => {
    const answer = await rawHttp('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain('Connection: close');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: string };
    expect(body.error).toBe(
      'The request is not valid HTTP/1.1 (HPE_INVALID_HEADER_TOKEN); check its request line and headers (no control characters)',
    );
  });
});

describe('logs', () => {
  it('redact the values of query parameters named like secrets', async () => {
    await app.request('/api/releases/web/releases?private_token=shp_leak1&page=1&api_key=leak2', { token });
    const logged = app.logs.join('\n');
    expect(logged).not.toContain('leak1');
    expect(logged).not.toContain('leak2');
    expect(logged).toContain('/api/releases/web/releases?private_token=[redacted]&page=1&api_key=[redacted]');
  });
});

describe('content types', () => {
  it.each(['text/plain', 'application/xml'])('a %s body is a 415: JSON only', async (type) => {
    const response = await fetch(`${app.url}/api/releases/web/environments/staging/deployments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: '{"release_candidate_version":"1.0.0-rc1"}',
    });
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toBe('Unsupported Content-Type; send Content-Type: application/json');
  });
});
