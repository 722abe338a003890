/**
 * The post step (dist/post.js) with the main step's state, as the runner runs it when the job ends:
 * it closes the deployment with the job's outcome read from the jobs API (the GitHub stub, validated
 * against GitHub's schema), unless a later step already reported a final status.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubStub, type GitHubStub } from '../support/github/stub.js';
import { JOBS_OPERATION, serveJobs, staleSteps, stepsAtPost } from './support/jobs-api.js';
import { requireBuiltAction, RUNNER_NAME as RUNNER, runStep } from './support/run-action.js';
import { listDeployments, seedCandidate, startSeededApp, type SeededApp } from './support/shiplog.js';
import { sha } from '../support/fixtures.js';

let seeded: SeededApp;
let github: GitHubStub;
let version = 0;

beforeAll(async () => {
  requireBuiltAction();
  [seeded, github] = await Promise.all([startSeededApp(), startGitHubStub()]);
});
afterEach(() => {
  expect(github.problems.splice(0)).toEqual([]);
  github.clearFailures();
});
afterAll(async () => {
  await Promise.all([seeded.app.close(), github.close()]);
});

/** A fresh candidate, and a deploy step of it to staging: returns the inputs and the saved state. */
async function deployStep(extra: Record<string, string> = {}) {
  const candidate = `2.${++version}.0-rc1`;
  await seedCandidate(seeded.app, seeded.token, candidate, sha(candidate));
  const inputs = {
    'shiplog-url': seeded.app.url,
    project: 'web',
    token: seeded.token,
    command: 'deploy',
    version: candidate,
    environment: 'staging',
    status: 'in_progress',
    ...extra,
  };
  const main = await runStep('main', { inputs });
  expect(main.exitCode).toBe(0);
  return { inputs, state: main.state, id: Number(main.outputs['deployment-id']) };
}

const postStep = (deploy: Awaited<ReturnType<typeof deployStep>>) =>
  runStep('post', { inputs: deploy.inputs, state: deploy.state, env: { GITHUB_API_URL: github.url } });

const statusOf = async (id: number) =>
  (await listDeployments(seeded.app, 'staging')).find((deployment) => deployment.id === id)?.status;

describe('the post step closes the deployment with the job outcome', () => {
  it.each([
    ['success', 'success'],
    ['failure', 'failure'],
    ['cancelled', 'canceled'],
  ] as const)('a job whose deploy step ended %s closes it as %s', async (stepOutcome, status) => {
    const deploy = await deployStep();
    const jobs = serveJobs(github, RUNNER, [stepsAtPost(stepOutcome)]);

    const post = await postStep(deploy);

    expect(post.errors).toEqual([]);
    expect(post.warnings).toEqual([]);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`The job's outcome is ${status}`);
    expect(post.summary).toContain("### Shiplog: deployment closed from the job's outcome");
    expect(post.summary).toContain(`| Status | \`${status}\` |`);
    expect(await statusOf(deploy.id)).toBe(status);
    expect(jobs.calls()).toBe(1);
    const call = github.calls.find((c) => c.operationId === JOBS_OPERATION);
    expect(call?.path).toBe('/repos/acme/web/actions/runs/4242/attempts/1/jobs');
  });

  it('asks again while the jobs API lags behind the runner', async () => {
    const deploy = await deployStep();
    const jobs = serveJobs(github, RUNNER, [staleSteps(), stepsAtPost('failure')]);

    const post = await postStep(deploy);

    expect(post.exitCode).toBe(0);
    expect(jobs.calls()).toBe(2);
    expect(post.stdout).toContain("The job's outcome is failure (step 'Deploy to staging' failed)");
    expect(await statusOf(deploy.id)).toBe('failure');
  });
});

describe('the post step leaves a reported deployment alone', () => {
  it('does nothing when a later step already reported a final status', async () => {
    const deploy = await deployStep();
    const jobs = serveJobs(github, RUNNER, [stepsAtPost('failure')]);
    const later = await runStep('main', {
      inputs: { ...deploy.inputs, command: 'status', status: 'success' },
    });
    expect(later.exitCode).toBe(0);

    const post = await postStep(deploy);

    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`Deployment ${deploy.id} already ended with status 'success'`);
    expect(post.summary).toBe('');
    expect(jobs.calls()).toBe(0);
    expect(await statusOf(deploy.id)).toBe('success');
  });

  it('does nothing without state (no deploy, or report-job-outcome: false)', async () => {
    const post = await runStep('post', { inputs: { 'shiplog-url': 'http://127.0.0.1:1', project: 'web' } });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain('No deployment to close');
  });
});

describe('the post step when its report is refused', () => {
  it('fails the step when the refusal came from a newer deployment, not from its own ending', async () => {
    const deploy = await deployStep();
    // Another step deployed the same candidate again, and that newer deployment already succeeded:
    // the post step's report lands on it and is refused, while its own deployment is still running.
    const newer = await runStep('main', {
      inputs: { ...deploy.inputs, 'idempotency-key': `again-${deploy.inputs.version}`, status: 'success' },
    });
    expect(newer.exitCode).toBe(0);
    const newerId = Number(newer.outputs['deployment-id']);
    expect(newerId).not.toBe(deploy.id);
    const jobs = serveJobs(github, RUNNER, [stepsAtPost('failure')]);

    const post = await postStep(deploy);

    expect(post.exitCode).toBe(1);
    expect(post.stdout).not.toContain(`Deployment ${deploy.id} already ended`);
    expect(post.errors).toHaveLength(1);
    expect(post.errors[0]).toMatch(
      new RegExp(
        `^Deployment ${newerId} already ended with status 'success' and cannot become 'failure'.*\\(HTTP 409`,
        's',
      ),
    );
    expect(jobs.calls()).toBe(1);
    expect(await statusOf(deploy.id)).toBe('in_progress');
    expect(await statusOf(newerId)).toBe('success');
  });
});

describe('the post step when the job outcome cannot be read', () => {
  it("reports 'unknown' with a warning naming the missing permission", async () => {
    const deploy = await deployStep();
    github.fail(JOBS_OPERATION, 404);

    const post = await postStep(deploy);

    expect(post.exitCode).toBe(0);
    expect(post.warnings).toHaveLength(1);
    expect(post.warnings[0]).toMatch(/reports 'unknown'.*HTTP 404.*permissions: actions: read/s);
    expect(await statusOf(deploy.id)).toBe('unknown');
  });

  it("reports 'unknown' without a github-token", async () => {
    const deploy = await deployStep();
    const post = await runStep('post', {
      inputs: { ...deploy.inputs, 'github-token': '' },
      state: deploy.state,
      env: { GITHUB_API_URL: github.url },
    });
    expect(post.exitCode).toBe(0);
    expect(post.warnings[0]).toContain("no 'github-token' to read the jobs API with");
    expect(await statusOf(deploy.id)).toBe('unknown');
  });
});
