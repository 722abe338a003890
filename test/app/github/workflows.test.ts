import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { COMMITS, githubState } from '../../support/fixtures.js';
import { installationCreated, workflowRunCompleted } from '../../support/github-events.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';

let github: GitHubStub;
let app: TestApp;
let clock = Date.parse('2026-11-22T10:00:00Z');

const CONFIG = `projects:
  web:
    build_workflow: build.yml
    environments:
      staging:
        tier: staging
        timeout_minutes: 30
      production:
        tier: production
        deploy_workflow: deploy.yml
        deploy_inputs:
          region: eu-west-1
`;

interface Candidate {
  status: string;
  build: { workflow: string; run_id: number | null; error: string | null } | null;
}
interface Deployment {
  id: number;
  status: string;
  workflow_run_id: number | null;
  statuses: { status: string; reason?: string }[];
  github: { deployment_id: number | null };
}

const get = async <T>(path: string) => (await (await app.request(path)).json()) as T;

beforeAll(async () => {
  const state = githubState();
  state.repos!['acme/web']!.files = { '.github/shiplog.yml': CONFIG };
  github = await startGitHubStub({ state });
  app = await startTestApp({ github, now: () => new Date(clock) });
  await deliver(app, 'installation', installationCreated(['acme/web'], 77));
});
afterEach(() => expect(github.problems).toEqual([]));
afterAll(async () => {
  await app.close();
  await github.close();
});

describe('trigger_build_workflow', () => {
  it('dispatches the build workflow, shows building, then ready from the workflow_run', async () => {
    const response = await app.request('/api/releases/web/releases/1.0.0-rc1', {
      method: 'POST',
      json: { commit: COMMITS[0], trigger_build_workflow: true },
    });
    expect(response.status).toBe(201);
    const candidate = (await response.json()) as Candidate;
    expect(candidate.status).toBe('building');
    const dispatch = github.state.dispatches.at(-1)!;
    expect(dispatch).toMatchObject({
      workflowId: 'build.yml',
      ref: 'main',
      inputs: { version: '1.0.0-rc1', commit: COMMITS[0] },
    });
    const runId = candidate.build!.run_id!;
    expect(runId).toEqual(expect.any(Number));

    await deliver(
      app,
      'workflow_run',
      workflowRunCompleted('acme/web', {
        id: runId,
        conclusion: 'success',
        path: '.github/workflows/build.yml',
      }),
    );
    expect((await get<Candidate>('/api/releases/web/releases/1.0.0-rc1')).status).toBe('ready');
  });

  it('shows failed when the build run fails', async () => {
    const candidate = (await (
      await app.request('/api/releases/web/releases/1.0.0-rc2', {
        method: 'POST',
        json: { commit: COMMITS[1], trigger_build_workflow: true },
      })
    ).json()) as Candidate;
    await deliver(
      app,
      'workflow_run',
      workflowRunCompleted('acme/web', {
        id: candidate.build!.run_id!,
        conclusion: 'failure',
        path: '.github/workflows/build.yml',
      }),
    );
    const failed = await get<Candidate>('/api/releases/web/releases/1.0.0-rc2');
    expect(failed.status).toBe('failed');
    expect(failed.build?.error).toBe('build run ended: failure');
  });
});

describe('deploy workflow', () => {
  it("dispatches the environment's deploy workflow with its inputs, and closes the deployment from its run", async () => {
    const response = await app.request('/api/releases/web/environments/production/deployments', {
      method: 'POST',
      json: { release_candidate_version: '1.0.0-rc1' },
    });
    const created = (await response.json()) as Deployment;
    const dispatch = github.state.dispatches.at(-1)!;
    expect(dispatch).toMatchObject({
      workflowId: 'deploy.yml',
      ref: 'main',
      inputs: {
        version: '1.0.0-rc1',
        commit: COMMITS[0],
        environment: 'production',
        deployment_id: String(created.id),
        region: 'eu-west-1',
      },
    });
    const withRun = await get<Deployment>(`/api/releases/web/deployments/${created.id}`);
    expect(withRun.workflow_run_id).toEqual(expect.any(Number));

    await deliver(
      app,
      'workflow_run',
      workflowRunCompleted('acme/web', {
        id: withRun.workflow_run_id!,
        conclusion: 'success',
        path: '.github/workflows/deploy.yml',
      }),
    );
    const done = await get<Deployment>(`/api/releases/web/deployments/${created.id}`);
    expect(done.status).toBe('success');
    expect(done.statuses.at(-1)?.reason).toBe(`workflow run ${withRun.workflow_run_id} ended: success`);
  });
});

describe('stuck deployments', () => {
  it('become unknown past the environment timeout, on GitHub too, and the check survives a restart', async () => {
    await app.request('/api/releases/web/environments/staging/deployments', {
      method: 'PATCH',
      json: { release_candidate_version: '1.0.0-rc1', status: 'in_progress' },
    });
    const [deployment] = await get<Deployment[]>('/api/releases/web/environments/staging/deployments');
    clock += 29 * 60_000;
    expect(await app.shiplog.stuck.sweep()).toBe(0);

    await app.close();
    clock += 2 * 60_000;
    app = await startTestApp({ github, now: () => new Date(clock), dataPath: app.dataPath });
    expect(await app.shiplog.stuck.sweep()).toBe(1);
    const stuck = await get<Deployment>(`/api/releases/web/deployments/${deployment!.id}`);
    expect(stuck.status).toBe('unknown');
    expect(stuck.statuses.at(-1)?.reason).toMatch(
      /^No status reported for 30 minutes \(the timeout of environment 'staging'\)/,
    );

    await app.shiplog.mirror.idle();
    const statuses = github.state.deploymentStatuses.filter(
      (s) => s.deploymentId === stuck.github.deployment_id,
    );
    expect(statuses.at(-1)).toMatchObject({ state: 'error' });
    expect(String(statuses.at(-1)!.request.description)).toMatch(/^No status reported for 30 minutes/);
  });
});
