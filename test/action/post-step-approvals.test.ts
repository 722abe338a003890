/**
 * The post step and an environment with approval rules: the main step's deployment waits `blocked`,
 * and the App refuses reports until it is approved or rejected. The post step says so and leaves it,
 * instead of reporting (a refused 409) and calling it "already ended".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, cutCandidates, startTestApp, type TestApp } from '../support/app.js';
import { deliver } from '../support/deliver.js';
import { COMMITS, githubState } from '../support/fixtures.js';
import { installationCreated } from '../support/github-events.js';
import { startGitHubStub, type GitHubStub } from '../support/github/stub.js';
import { serveJobs, stepsAtPost } from './support/jobs-api.js';
import { requireBuiltAction, RUNNER_NAME as RUNNER, runStep } from './support/run-action.js';
import { listDeployments } from './support/shiplog.js';

/** `web` with production gated by one approval from carol. */
const CONFIG = `projects:
  web:
    environments:
      staging:
        tier: staging
      production:
        tier: production
        approvals:
          - count: 1
            users: [carol]
`;

let github: GitHubStub;
let app: TestApp;
let token: string;

beforeAll(async () => {
  requireBuiltAction();
  const state = githubState();
  state.repos!['acme/web']!.files = { '.github/shiplog.yml': CONFIG };
  github = await startGitHubStub({ state });
  app = await startTestApp({ github });
  expect((await deliver(app, 'installation', installationCreated(['acme/web'], 77))).status).toBe(200);
  const created = await app.request('/api/projects/web/tokens', {
    method: 'POST',
    json: { name: 'ci' },
    token: ADMIN_TOKEN,
  });
  expect(created.status).toBe(201);
  token = ((await created.json()) as { token: string }).token;
  await cutCandidates(app, 'web', token, [['5.0.0-rc1', COMMITS[0]]]);
});
afterAll(async () => {
  expect(github.problems).toEqual([]);
  await app.close();
  await github.close();
});

/** A `deploy` of 5.0.0-rc1 into production, which needs carol's approval. */
const deployToProduction = (): Record<string, string> => ({
  'shiplog-url': app.url,
  project: 'web',
  token,
  command: 'deploy',
  version: '5.0.0-rc1',
  environment: 'production',
});

describe('a deployment waiting for approvals', () => {
  it('is left blocked by the post step, which says why instead of "already ended"', async () => {
    const inputs = deployToProduction();
    const main = await runStep('main', { inputs });
    expect(main.errors).toEqual([]);
    expect(main.outputs.status).toBe('blocked');
    const id = Number(main.outputs['deployment-id']);
    const jobs = serveJobs(github, RUNNER, [stepsAtPost('failure')]);

    const post = await runStep('post', { inputs, state: main.state, env: { GITHUB_API_URL: github.url } });

    expect(post.errors).toEqual([]);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`Deployment ${id} is still waiting for approvals (status 'blocked')`);
    expect(post.stdout).not.toContain('already ended');
    expect(post.summary).toBe('');
    expect(jobs.calls()).toBe(0);
    const [deployment] = await listDeployments(app, 'production');
    expect(deployment).toMatchObject({ id, status: 'blocked' });
  });

  it('fails a deploy step asked to report a status, saying why, and leaves the deployment blocked', async () => {
    const inputs = {
      ...deployToProduction(),
      status: 'in_progress',
      'idempotency-key': 'deploy-with-status',
    };
    const main = await runStep('main', { inputs });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      expect.stringContaining(
        "waits for approvals in Shiplog (status 'blocked'), so it cannot be reported 'in_progress'",
      ),
    ]);
    expect(main.errors.join()).not.toContain('-rc');
    // Nothing for the post step: the step failed.
    expect(main.state).toEqual({});
    const deployments = await listDeployments(app, 'production');
    expect(deployments[0]).toMatchObject({ status: 'blocked', statuses: [{ status: 'blocked' }] });
  });
});
