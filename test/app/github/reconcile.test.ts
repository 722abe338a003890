import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { COMMITS, githubState } from '../../support/fixtures.js';
import {
  deploymentCreated,
  deploymentStatusCreated,
  workflowJobCompleted,
} from '../../support/github-events.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';

let github: GitHubStub;
let app: TestApp;
let token: string;

interface Deployment {
  id: number;
  status: string;
  origin: string;
  commit: string;
  release_candidate_version: string | null;
  statuses: { status: string; reason?: string }[];
  log_url: string | null;
  workflow_run_id: number | null;
}

const list = async (env: string) =>
  (await (
    await app.request(`/api/releases/web/environments/${env}/deployments`, { token })
  ).json()) as Deployment[];

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
});
afterEach(() => expect(github.problems).toEqual([]));
afterAll(async () => {
  await app.close();
  await github.close();
});

describe('deployments made outside Shiplog', () => {
  const foreign = { id: 9001, sha: COMMITS[1]!, environment: 'prod' };

  it('are reconciled from the deployment webhook into the matching environment', async () => {
    expect((await deliver(app, 'deployment', deploymentCreated('acme/web', foreign))).status).toBe(200);
    const [record] = await list('prod');
    expect(record).toMatchObject({
      origin: 'github',
      commit: COMMITS[1],
      status: 'pending',
      release_candidate_version: null,
    });
  });

  it('take their statuses from deployment_status webhooks, with the run from the log URL', async () => {
    const logUrl = 'https://github.com/acme/web/actions/runs/555/job/777';
    await deliver(
      app,
      'deployment_status',
      deploymentStatusCreated('acme/web', foreign, { state: 'in_progress', logUrl }),
    );
    await deliver(
      app,
      'deployment_status',
      deploymentStatusCreated('acme/web', foreign, { state: 'success', logUrl }),
    );
    const [record] = await list('prod');
    expect(record).toMatchObject({ status: 'success', log_url: logUrl, workflow_run_id: 555 });
    expect(record!.statuses.map((s) => s.status)).toEqual(['pending', 'in_progress', 'success']);
    // Nothing was echoed back to GitHub.
    expect(github.calls.filter((c) => c.method === 'POST' && c.path.includes('deployments'))).toEqual([]);
  });

  it('process a redelivered webhook once', async () => {
    const other = { id: 9002, sha: COMMITS[2]!, environment: 'staging' };
    const id = randomUUID();
    await deliver(app, 'deployment', deploymentCreated('acme/web', other), id);
    await deliver(app, 'deployment', deploymentCreated('acme/web', other), id);
    const status = randomUUID();
    await deliver(
      app,
      'deployment_status',
      deploymentStatusCreated('acme/web', other, { state: 'failure' }),
      status,
    );
    await deliver(
      app,
      'deployment_status',
      deploymentStatusCreated('acme/web', other, { state: 'failure' }),
      status,
    );
    const records = await list('staging');
    expect(records).toHaveLength(1);
    expect(records[0]!.statuses.map((s) => s.status)).toEqual(['pending', 'failure']);
    expect(app.logs.some((line) => line.includes('delivery already processed'))).toBe(true);
  });

  it('ignore a late status that would go backwards', async () => {
    await deliver(
      app,
      'deployment_status',
      deploymentStatusCreated('acme/web', foreign, { state: 'in_progress' }),
    );
    expect((await list('prod'))[0]!.status).toBe('success');
  });

  it("ignore Shiplog's own deployments and environments Shiplog does not know", async () => {
    const before = (await list('prod')).length;
    const ours = {
      id: 9003,
      sha: COMMITS[0]!,
      environment: 'prod',
      payload: { shiplog: { deployment_id: 1 } },
    };
    await deliver(app, 'deployment', deploymentCreated('acme/web', ours));
    await deliver(
      app,
      'deployment',
      deploymentCreated('acme/web', { id: 9004, sha: COMMITS[0]!, environment: 'qa' }),
    );
    expect(await list('prod')).toHaveLength(before);
  });
});

describe('workflow jobs that end without reporting', () => {
  it('close the deployment they reported with their conclusion', async () => {
    await cutCandidates(app, 'web', token, [['2.0.0-rc1', COMMITS[0]!]]);
    const response = await app.request('/api/releases/web/environments/staging/deployments', {
      method: 'POST',
      json: { release_candidate_version: '2.0.0-rc1', github_run_id: 4242, github_job: 'deploy' },
      token,
    });
    const created = (await response.json()) as Deployment;
    await app.request('/api/releases/web/environments/staging/deployments', {
      method: 'PATCH',
      json: { release_candidate_version: '2.0.0-rc1', status: 'in_progress' },
      token,
    });
    // Another job of the same run ends: not this deployment's job.
    await deliver(
      app,
      'workflow_job',
      workflowJobCompleted('acme/web', { id: 1, runId: 4242, name: 'test', conclusion: 'success' }),
    );
    await deliver(
      app,
      'workflow_job',
      workflowJobCompleted('acme/web', { id: 2, runId: 4242, name: 'deploy', conclusion: 'cancelled' }),
    );
    const closed = (await (
      await app.request(`/api/releases/web/deployments/${created.id}`, { token })
    ).json()) as Deployment;
    expect(closed.status).toBe('canceled');
    expect(closed.statuses.at(-1)?.reason).toBe(
      "workflow job 'deploy' ended without a final status: cancelled",
    );
  });
});

describe('malformed and unknown deliveries', () => {
  it('are answered without crashing the App', async () => {
    const { sign } = await import('@octokit/webhooks-methods');
    const body = JSON.stringify({ action: 'created', nonsense: true });
    const response = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'deployment',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': await sign('test-webhook-secret', body),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(app.logs.some((line) => line.includes('malformed webhook payload ignored'))).toBe(true);
    const unknown = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'made_up_event',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': await sign('test-webhook-secret', '{}'),
      },
      body: '{}',
    });
    // Probot has no handler for it: the delivery is verified, acknowledged and otherwise ignored.
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ ok: true });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
