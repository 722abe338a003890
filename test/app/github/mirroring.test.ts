import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';
import { COMMITS, githubState } from '../../support/fixtures.js';
import { defaultHandlers } from '../../support/github/handlers/index.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';

let github: GitHubStub;
let app: TestApp;
let token: string;

interface Deployment {
  id: number;
  status: string;
  github: { deployment_id: number | null; state: string; last_error: string | null };
}

const path = (env: string, project = 'web') => `/api/releases/${project}/environments/${env}/deployments`;
const deploy = async (env: string, version: string, project = 'web', auth = token) => {
  const response = await app.request(path(env, project), {
    method: 'POST',
    json: { release_candidate_version: version },
    token: auth,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Deployment;
};
const report = async (env: string, version: string, status: string, extra: Record<string, string> = {}) => {
  const response = await app.request(path(env), {
    method: 'PATCH',
    json: { release_candidate_version: version, status, ...extra },
    token,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Deployment;
};
const settled = async (id: number, project = 'web', auth = token) => {
  await app.shiplog.mirror.idle();
  return (await (
    await app.request(`/api/releases/${project}/deployments/${id}`, { token: auth })
  ).json()) as Deployment;
};
const statesOf = (githubId: number | null) =>
  github.state.deploymentStatuses.filter((s) => s.deploymentId === githubId).map((s) => s.state);

beforeAll(async () => {
  github = await startGitHubStub({ state: githubState() });
  app = await startTestApp({ github });
  token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [
      { name: 'staging', tier: 'staging' },
      { name: 'prod', tier: 'production' },
    ],
  });
  // Short SHAs: the App resolves them through GitHub.
  await cutCandidates(app, 'web', token, [
    ['1.0.0-rc1', COMMITS[0].slice(0, 8)],
    ['1.0.0-rc2', COMMITS[1].slice(0, 8)],
    ['1.1.0-rc1', COMMITS[2].slice(0, 8)],
  ]);
});
afterEach(() => expect(github.problems).toEqual([]));
afterAll(async () => {
  await app.close();
  await github.close();
});

describe('mirroring to GitHub Deployments', () => {
  it("creates a GitHub deployment at the candidate's full SHA with Shiplog's ids, then each status", async () => {
    const created = await deploy('prod', '1.0.0-rc1');
    await report('prod', '1.0.0-rc1', 'in_progress', { log_url: 'https://ci.example.com/run/1' });
    await report('prod', '1.0.0-rc1', 'success', { environment_url: 'https://web.example.com' });
    const mirrored = await settled(created.id);
    expect(mirrored.github.state).toBe('synced');
    const onGitHub = github.state.deployments.find((d) => d.id === mirrored.github.deployment_id)!;
    expect(onGitHub).toMatchObject({
      sha: COMMITS[0],
      ref: COMMITS[0],
      environment: 'prod',
      productionEnvironment: true,
    });
    expect(onGitHub.request).toMatchObject({
      auto_merge: false,
      required_contexts: [],
      payload: { shiplog: { project: 'web', deployment_id: created.id, version: '1.0.0-rc1' } },
    });
    expect(statesOf(onGitHub.id)).toEqual(['pending', 'in_progress', 'success']);
    const last = github.state.deploymentStatuses.at(-1)!.request;
    expect(last).toMatchObject({
      environment_url: 'https://web.example.com',
      log_url: 'https://ci.example.com/run/1',
    });
  });

  it.each([
    ['failure', ['pending', 'failure']],
    ['canceled', ['pending', 'error']],
    ['unknown', ['pending', 'error']],
  ])('mirrors %s as %p', async (status, states) => {
    const version = '1.0.0-rc2';
    const created = await deploy('staging', version);
    await report('staging', version, status);
    const mirrored = await settled(created.id);
    expect(statesOf(mirrored.github.deployment_id)).toEqual(states);
  });

  it('maps canceling to in_progress, saying so', async () => {
    const created = await deploy('staging', '1.1.0-rc1');
    await report('staging', '1.1.0-rc1', 'canceling');
    const mirrored = await settled(created.id);
    const statuses = github.state.deploymentStatuses.filter(
      (s) => s.deploymentId === mirrored.github.deployment_id,
    );
    expect(statuses.map((s) => [s.state, s.request.description])).toEqual([
      ['pending', 'Pending in Shiplog'],
      ['in_progress', 'Canceling'],
    ]);
  });

  it('marks the previously live deployment inactive when a newer one succeeds, production included', async () => {
    const older = await settled((await deploy('prod', '1.0.0-rc1')).id);
    await report('prod', '1.0.0-rc1', 'success');
    await settled(older.id);
    const newer = await deploy('prod', '1.0.0-rc2');
    await report('prod', '1.0.0-rc2', 'success');
    await settled(newer.id);
    expect(statesOf(older.github.deployment_id).at(-1)).toBe('inactive');
    expect(statesOf((await settled(newer.id)).github.deployment_id)).toEqual(['pending', 'success']);
  });

  it('namespaces environments by project when several projects share the repository', async () => {
    const apiToken = await createProject(app, {
      name: 'api',
      repo: 'acme/web',
      environments: [{ name: 'prod', tier: 'production' }],
    });
    await cutCandidates(app, 'api', apiToken, [['3.0.0-rc1', COMMITS[2]!]]);
    const created = await deploy('prod', '3.0.0-rc1', 'api', apiToken);
    const mirrored = await settled(created.id, 'api', apiToken);
    expect(github.state.deployments.find((d) => d.id === mirrored.github.deployment_id)?.environment).toBe(
      'api/prod',
    );
  });

  it('does not mirror when GitHub is not configured, and says so on the record', async () => {
    const bare = await startTestApp();
    try {
      const bareToken = await createProject(bare, {
        name: 'web',
        repo: 'acme/web',
        environments: [{ name: 'prod', tier: 'production' }],
      });
      await cutCandidates(bare, 'web', bareToken, [['1.0.0-rc1', COMMITS[0]!]]);
      const response = await bare.request(path('prod'), {
        method: 'POST',
        json: { release_candidate_version: '1.0.0-rc1' },
        token: bareToken,
      });
      expect(((await response.json()) as Deployment).github).toEqual({
        deployment_id: null,
        state: 'off',
        last_error: null,
      });
    } finally {
      await bare.close();
    }
  });
});

describe('mirroring when GitHub fails', () => {
  it('never fails the API call, retries, and catches up after a restart', async () => {
    github.fail('repos/create-deployment', 502);
    const created = await deploy('staging', '1.0.0-rc1');
    expect(created.status).toBe('pending');
    const waiting = await settled(created.id);
    expect(waiting.github).toMatchObject({ deployment_id: null, state: 'pending' });
    expect(waiting.github.last_error).toMatch(/502/);
    await report('staging', '1.0.0-rc1', 'success');

    // The App stops while GitHub is still failing; the pending work is in the store, not in memory.
    await app.close();
    github.clearFailures();
    app = await startTestApp({ github, dataPath: app.dataPath });
    const caughtUp = await settled(created.id);
    expect(caughtUp.github).toMatchObject({ state: 'synced', last_error: null });
    expect(statesOf(caughtUp.github.deployment_id)).toEqual(['pending', 'success']);
  });
});

describe('mirroring when GitHub refuses for good', () => {
  it('stops at a 403 that is not a rate limit (a permission the App lacks) instead of retrying forever', async () => {
    github.fail('repos/create-deployment', 403, 1);
    const created = await deploy('staging', '1.1.0-rc1');
    const refused = await settled(created.id);
    expect(refused.github).toEqual({
      deployment_id: null,
      state: 'failed',
      last_error: expect.stringMatching(/^POST deployment: 403 Resource not accessible by integration/),
    });
  });
});

describe('mirroring when GitHub created the deployment but the answer was lost', () => {
  it('finds the GitHub deployment by its Shiplog payload instead of creating a second one', async () => {
    const create = defaultHandlers['repos/create-deployment']!;
    // GitHub creates the deployment, then the connection drops: Shiplog sees a 502.
    github.on('repos/create-deployment', async (request, context) => {
      await create(request, context);
      return context.error(502, 'Server Error');
    });
    const created = await deploy('prod', '1.1.0-rc1');
    const waiting = await settled(created.id);
    expect(waiting.github).toMatchObject({ deployment_id: null, state: 'pending' });

    github.on('repos/create-deployment', create);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the test App retries after 50 ms
    const recovered = await settled(created.id);
    const ours = github.state.deployments.filter(
      (d) =>
        (d.request.payload as { shiplog?: { deployment_id?: number } }).shiplog?.deployment_id === created.id,
    );
    expect(ours).toHaveLength(1);
    expect(recovered.github).toMatchObject({ deployment_id: ours[0]!.id, state: 'synced' });
    expect(github.calls.some((c) => c.operationId === 'repos/list-deployments')).toBe(true);
  });
});
