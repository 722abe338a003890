import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';
import { sha } from '../../support/fixtures.js';

/** These run without GitHub configured: records are stored unverified. */
let app: TestApp;
let token: string;
let otherToken: string;

interface Deployment {
  id: number;
  status: string;
  environment: string;
  release_candidate_version: string;
  statuses: { status: string }[];
  verified: boolean;
}

const path = (env: string, project = 'web') => `/api/releases/${project}/environments/${env}/deployments`;
const deploy = (env: string, version: string, init: { key?: string; auth?: string } = {}) =>
  app.request(path(env), {
    method: 'POST',
    json: { release_candidate_version: version },
    token: init.auth ?? token,
    ...(init.key ? { headers: { 'idempotency-key': init.key } } : {}),
  });
const report = (env: string, version: string, status: string) =>
  app.request(path(env), { method: 'PATCH', json: { release_candidate_version: version, status }, token });
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

beforeAll(async () => {
  app = await startTestApp();
  token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [
      { name: 'staging', tier: 'staging' },
      { name: 'prod', tier: 'production' },
      { name: 'prod-eu', tier: 'production' },
    ],
  });
  otherToken = await createProject(app, {
    name: 'api',
    repo: 'acme/web',
    environments: [{ name: 'prod', tier: 'production' }],
  });
  await cutCandidates(app, 'web', token, [
    ['1.0.0-rc1', sha('a')],
    ['1.0.0-rc2', sha('b')],
    ['1.1.0-rc1', sha('c')],
  ]);
});

afterAll(() => app.close());

describe('POST deployments', () => {
  it('creates a pending deployment of a candidate', async () => {
    const response = await deploy('staging', '1.0.0-rc1');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      project: 'web',
      environment: 'staging',
      release_candidate_version: '1.0.0-rc1',
      release_version: '1.0.0',
      commit: sha('a'),
      status: 'pending',
      verified: false,
      statuses: [{ status: 'pending' }],
    });
  });

  it('answers 404 naming an unknown project, environment or candidate', async () => {
    const env = await deploy('qa', '1.0.0-rc1');
    expect(env.status).toBe(404);
    expect(await errorOf(env)).toBe("Environment 'qa' not found in project 'web'");
    const rc = await deploy('staging', '1.0.0-rc7');
    expect(rc.status).toBe(404);
    expect(await errorOf(rc)).toBe("Release candidate '1.0.0-rc7' not found in project 'web'");
    const project = await app.request(path('staging', 'nope'), {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
    });
    expect(project.status).toBe(404);
    expect(await errorOf(project)).toBe("Project 'nope' not found");
  });

  it("answers 400 'Invalid release candidate version' for a malformed version", async () => {
    const response = await deploy('staging', '1.0.0');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toBe('Invalid release candidate version');
  });

  it('returns the same deployment for a retry with the same Idempotency-Key', async () => {
    const first = (await (
      await deploy('prod', '1.0.0-rc2', { key: 'run-42-attempt-1' })
    ).json()) as Deployment;
    const retry = await deploy('prod', '1.0.0-rc2', { key: 'run-42-attempt-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as Deployment).id).toBe(first.id);
    const list = (await (await app.request(path('prod'), { token })).json()) as Deployment[];
    expect(list.filter((d) => d.id === first.id)).toHaveLength(1);
    expect(list).toHaveLength(1);

    const misuse = await deploy('prod', '1.1.0-rc1', { key: 'run-42-attempt-1' });
    expect(misuse.status).toBe(422);
    expect(await errorOf(misuse)).toMatch(/already used with a different request/);
  });

  it.each([
    ['with a space', 'run 42'],
    ['empty', ''],
    ['of 256 characters', 'k'.repeat(256)],
  ])('answers 400 with a JSON error for an Idempotency-Key %s, creating nothing', async (_what, key) => {
    const before = (await (await app.request(path('staging'), { token })).json()) as Deployment[];
    const response = await app.request(path('staging'), {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
      token,
      headers: { 'idempotency-key': key },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
    });
    const after = (await (await app.request(path('staging'), { token })).json()) as Deployment[];
    expect(after.map((d) => d.id)).toEqual(before.map((d) => d.id));
  });

  it('creates a new deployment for each request without a key (a redeploy)', async () => {
    const a = (await (await deploy('prod-eu', '1.0.0-rc1')).json()) as Deployment;
    const b = (await (await deploy('prod-eu', '1.0.0-rc1')).json()) as Deployment;
    expect(b.id).toBeGreaterThan(a.id);
  });
});

describe('PATCH deployments (status reports)', () => {
  it('creates the deployment when the candidate has none in the environment, answering 200', async () => {
    const response = await report('staging', '1.0.0-rc2', 'in_progress');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'in_progress',
      statuses: [{ status: 'in_progress' }],
    });
  });

  it('moves forward, treats a repeat as a no-op, accepts success', async () => {
    await report('staging', '1.0.0-rc2', 'in_progress');
    const done = await report('staging', '1.0.0-rc2', 'success');
    expect(done.status).toBe(200);
    const body = (await done.json()) as Deployment;
    expect(body.status).toBe('success');
    expect(body.statuses.map((s) => s.status)).toEqual(['in_progress', 'success']);
    const repeat = await report('staging', '1.0.0-rc2', 'success');
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as Deployment).statuses).toHaveLength(2);
  });

  it('refuses leaving a final status with a 409 that says why', async () => {
    const late = await report('staging', '1.0.0-rc2', 'in_progress');
    expect(late.status).toBe(409);
    const listed = (await (await app.request(path('staging'), { token })).json()) as Deployment[];
    const done = listed.find((d) => d.release_candidate_version === '1.0.0-rc2');
    expect(done?.status).toBe('success');
    expect(await errorOf(late)).toBe(
      `Deployment ${done!.id} already ended with status 'success' and cannot become 'in_progress'; ` +
        'final statuses (success, failure, canceled) never change: create a new deployment to deploy again',
    );
    const other = await report('staging', '1.0.0-rc2', 'failure');
    expect(other.status).toBe(409);
    expect(await errorOf(other)).toMatch(/already ended with status 'success' and cannot become 'failure'/);
  });

  it('refuses going backwards between non-final statuses, naming the moves that are allowed', async () => {
    const started = (await (await report('staging', '1.1.0-rc1', 'in_progress')).json()) as Deployment;
    const back = await report('staging', '1.1.0-rc1', 'pending');
    expect(back.status).toBe(409);
    expect(await errorOf(back)).toBe(
      `Deployment ${started.id} is 'in_progress'; from 'in_progress' it can move to 'canceling', ` +
        "'unknown', 'success', 'failure' or 'canceled', not back to 'pending'",
    );
  });

  it('refuses canceling → in_progress with the moves allowed from canceling', async () => {
    const created = await deploy('prod-eu', '1.0.0-rc2');
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Deployment;
    expect((await report('prod-eu', '1.0.0-rc2', 'canceling')).status).toBe(200);
    const back = await report('prod-eu', '1.0.0-rc2', 'in_progress');
    expect(back.status).toBe(409);
    expect(await errorOf(back)).toBe(
      `Deployment ${id} is 'canceling'; from 'canceling' it can move to 'unknown', 'success', ` +
        "'failure' or 'canceled', not back to 'in_progress'",
    );
  });

  it('lets an unknown deployment resume, and says so when it is refused going further back', async () => {
    const created = (await (await deploy('prod-eu', '1.0.0-rc2')).json()) as Deployment;
    expect((await report('prod-eu', '1.0.0-rc2', 'unknown')).status).toBe(200);
    const back = await report('prod-eu', '1.0.0-rc2', 'pending');
    expect(back.status).toBe(409);
    expect(await errorOf(back)).toBe(
      `Deployment ${created.id} is 'unknown'; from 'unknown' it can move to 'in_progress', 'canceling', ` +
        "'success', 'failure' or 'canceled', not back to 'pending'",
    );
    const resumed = await report('prod-eu', '1.0.0-rc2', 'in_progress');
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as Deployment).status).toBe('in_progress');
  });

  it('updates the newest deployment of the candidate', async () => {
    const created = (await (await deploy('prod-eu', '1.1.0-rc1')).json()) as Deployment;
    const reported = (await (await report('prod-eu', '1.1.0-rc1', 'failure')).json()) as Deployment;
    expect(reported.id).toBe(created.id);
  });

  it.each(['done', 'SUCCESS', ''])('answers 400 for the status %p listing the valid ones', async (status) => {
    const response = await report('staging', '1.0.0-rc1', status);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(/body.status must be one of: pending, in_progress/);
  });

  it('answers 404 for an unknown environment and 400 for a malformed version', async () => {
    expect((await report('qa', '1.0.0-rc1', 'success')).status).toBe(404);
    const malformed = await report('staging', 'v1', 'success');
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toBe('Invalid release candidate version');
  });
});

describe('reading deployments', () => {
  it("lists an environment's deployments newest first, paginated", async () => {
    for (let i = 0; i < 5; i++) await deploy('prod', '1.1.0-rc1');
    const page1 = await app.request(`${path('prod')}?per_page=2`, { token });
    expect(page1.headers.get('x-total')).toBe('6');
    expect(page1.headers.get('x-total-pages')).toBe('3');
    expect(page1.headers.get('x-page')).toBe('1');
    expect(page1.headers.get('x-per-page')).toBe('2');
    expect(page1.headers.get('x-next-page')).toBe('2');
    const ids1 = ((await page1.json()) as Deployment[]).map((d) => d.id);
    const page2 = await app.request(`${path('prod')}?per_page=2&page=2`, { token });
    expect(page2.headers.get('x-page')).toBe('2');
    expect(page2.headers.get('x-per-page')).toBe('2');
    expect(page2.headers.get('x-next-page')).toBe('3');
    const ids2 = ((await page2.json()) as Deployment[]).map((d) => d.id);
    const page3 = await app.request(`${path('prod')}?page=3&per_page=2`, { token });
    expect(page3.headers.get('x-page')).toBe('3');
    expect(page3.headers.get('x-next-page')).toBeNull();
    // Without page parameters: the first page of the default 20.
    const whole = await app.request(path('prod'), { token });
    expect(whole.headers.get('x-page')).toBe('1');
    expect(whole.headers.get('x-per-page')).toBe('20');
    expect(whole.headers.get('x-total-pages')).toBe('1');
    expect(whole.headers.get('x-next-page')).toBeNull();
    expect((await whole.json()) as Deployment[]).toHaveLength(6);
    const all = [...ids1, ...ids2];
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe(4);
    const tooBig = await app.request(`${path('prod')}?per_page=1000`, { token });
    expect(tooBig.status).toBe(400);
    expect(await errorOf(tooBig)).toMatch(/query.per_page/);
  });

  it('lists environments with what runs there now and the newest deployment', async () => {
    const response = await app.request('/api/releases/web/environments', { token });
    const environments = (await response.json()) as {
      name: string;
      current: Deployment | null;
      latest: Deployment | null;
    }[];
    const staging = environments.find((e) => e.name === 'staging');
    expect(staging?.current?.release_candidate_version).toBe('1.0.0-rc2');
    expect(staging?.current?.status).toBe('success');
    expect(staging?.latest?.release_candidate_version).toBe('1.1.0-rc1');
    expect(environments.find((e) => e.name === 'prod')?.current).toBeNull();
  });

  it('gets one deployment, and never another project’s', async () => {
    const [newest] = (await (await app.request(path('prod'), { token })).json()) as Deployment[];
    const one = await app.request(`/api/releases/web/deployments/${newest!.id}`, { token });
    expect(((await one.json()) as Deployment).id).toBe(newest!.id);
    const viaOther = await app.request(`/api/releases/api/deployments/${newest!.id}`, { token: otherToken });
    expect(viaOther.status).toBe(404);
  });
});

describe('project isolation', () => {
  it("refuses a token of another project on this project's data, leaking nothing", async () => {
    const attempts = [
      app.request(path('prod'), { token: otherToken }),
      app.request('/api/releases/web/releases', { token: otherToken }),
      app.request('/api/releases/web/environments', { token: otherToken }),
      app.request('/api/projects/web', { token: otherToken }),
      deploy('prod', '1.0.0-rc1', { auth: otherToken }),
      app.request(path('prod'), {
        method: 'PATCH',
        json: { release_candidate_version: '1.0.0-rc1', status: 'success' },
        token: otherToken,
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: "Project 'web' not found (or this token cannot access it)",
      });
    }
    // The same answer as for a project that does not exist: existence is not revealed.
    const missing = await app.request('/api/releases/nothing/releases', { token: otherToken });
    expect(await missing.json()).toEqual({
      error: "Project 'nothing' not found (or this token cannot access it)",
    });
    // Its own project (same repository: a monorepo) works.
    expect((await app.request('/api/releases/api/environments', { token: otherToken })).status).toBe(200);
  });

  it('answers 401 without a token or with an unknown one', async () => {
    const none = await app.request(path('prod'), { token: null });
    expect(none.status).toBe(401);
    expect(await errorOf(none)).toMatch(/Missing API token/);
    const wrong = await app.request(path('prod'), { token: 'shp_not-a-real-token' });
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toMatch(/Unknown or revoked API token/);
    const basic = await app.request(path('prod'), {
      token: null,
      headers: { authorization: `Basic ${ADMIN_TOKEN}` },
    });
    expect(basic.status).toBe(401);
  });
});
