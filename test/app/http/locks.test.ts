/**
 * A person's lock on an environment through the API, with a project token: taken, renewed, queued for,
 * refusing the API's deployments, released by its holder (passing to the first in the queue), and
 * released again when there is nothing left to release. Runs without GitHub, on a fixed clock.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';
import { sha } from '../../support/fixtures.js';

let app: TestApp;
let token: string;

const NOW = '2026-03-02T09:00:00.000Z';
const lockPath = '/api/releases/web/environments/prod/lock';
const deploymentsPath = '/api/releases/web/environments/prod/deployments';
const lock = (json: Record<string, unknown>) => app.request(lockPath, { method: 'PUT', json, token });
const unlock = (user: string) => app.request(`${lockPath}?user=${user}`, { method: 'DELETE', token });
const deploy = () =>
  app.request(deploymentsPath, { method: 'POST', json: { release_candidate_version: '1.0.0-rc1' }, token });
const person = (login: string) => ({ pull_request: null, user: login });

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(NOW) });
  token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [{ name: 'prod', tier: 'production' }],
  });
  await cutCandidates(app, 'web', token, [['1.0.0-rc1', sha('a')]]);
});
afterAll(() => app.close());

describe('PUT lock', () => {
  it('locks the environment for the person', async () => {
    const response = await lock({ user: 'mo', reason: 'incident 42' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      environment: 'prod',
      outcome: 'locked',
      lock: {
        owner: person('mo'),
        locked_by: 'mo',
        reason: 'incident 42',
        created_at: NOW,
        expires_at: null,
      },
      queue: [],
    });
  });

  it("renews the holder's own lock: the reason and expiry given replace the old ones", async () => {
    const response = await lock({ user: '@mo', reason: 'incident 42, still', expires_in_minutes: 120 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      environment: 'prod',
      outcome: 'renewed',
      lock: {
        owner: person('mo'),
        locked_by: 'mo',
        reason: 'incident 42, still',
        created_at: NOW,
        expires_at: '2026-03-02T11:00:00.000Z',
      },
      queue: [],
    });
  });

  it('queues someone else behind the holder', async () => {
    const response = await lock({ user: 'alice', reason: 'load test', expires_in_minutes: 30 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      environment: 'prod',
      outcome: 'queued',
      lock: { owner: person('mo'), reason: 'incident 42, still' },
      queue: [{ owner: person('alice'), requested_by: 'alice', reason: 'load test', created_at: NOW }],
    });
  });
});

describe('a locked environment', () => {
  it("refuses the API's deployments with a 409 naming the holder, creating nothing", async () => {
    const response = await deploy();
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error:
        "Environment 'prod' of project 'web' is locked by @mo (incident 42, still): deployments into it wait until it is unlocked",
    });
    const listed = await app.request(deploymentsPath, { token });
    expect(await listed.json()).toEqual([]);
  });
});

describe('DELETE lock', () => {
  it("releases the holder's own lock with a project token, passing it to the first in the queue", async () => {
    const response = await unlock('mo');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      environment: 'prod',
      outcome: 'unlocked',
      lock: {
        owner: person('alice'),
        locked_by: 'alice',
        reason: 'load test',
        created_at: NOW,
        expires_at: '2026-03-02T09:30:00.000Z',
      },
      queue: [],
    });
  });

  it('releases the last lock, leaving the environment free', async () => {
    const response = await unlock('alice');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      environment: 'prod',
      outcome: 'unlocked',
      lock: null,
      queue: [],
    });
    expect((await deploy()).status).toBe(201);
  });

  it('answers not-locked when there is no lock to release', async () => {
    const response = await unlock('alice');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      environment: 'prod',
      outcome: 'not-locked',
      lock: null,
      queue: [],
    });
  });
});
