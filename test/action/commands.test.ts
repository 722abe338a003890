/**
 * The built Action (dist/index.js) run as the runner runs it, against the real App, with a project
 * token: release, deploy and status, their outputs and job summaries.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha } from '../support/fixtures.js';
import { requireBuiltAction, runStep } from './support/run-action.js';
import { listDeployments, startSeededApp, type SeededApp } from './support/shiplog.js';

let seeded: SeededApp;
const connection = () => ({ 'shiplog-url': seeded.app.url, project: 'web', token: seeded.token });

beforeAll(async () => {
  requireBuiltAction();
  seeded = await startSeededApp();
});
afterAll(() => seeded.app.close());

describe('command: release', () => {
  it('cuts the candidate at the workflow commit and reports it in outputs and the summary', async () => {
    const step = await runStep('main', {
      inputs: { ...connection(), command: 'release', version: '1.4.0-rc1' },
    });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.outputs).toEqual({
      'release-candidate': '1.4.0-rc1',
      'release-version': '1.4.0',
      commit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      url: `${seeded.app.url}/api/releases/web/releases/1.4.0-rc1`,
      replayed: 'false',
    });
    expect(step.summary).toContain('### Shiplog: release candidate cut');
    expect(step.summary).toContain(
      `| Release candidate | [1.4.0-rc1](${seeded.app.url}/api/releases/web/releases/1.4.0-rc1) |`,
    );
    expect(step.masked).toEqual([seeded.token]);
    expect(step.state).toEqual({});
  });

  it('answers a re-run at the same commit with the same candidate, marked replayed', async () => {
    const inputs = { ...connection(), command: 'release', version: '1.5.0-rc1', commit: sha('one') };
    expect((await runStep('main', { inputs })).outputs.replayed).toBe('false');

    const again = await runStep('main', { inputs });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({
      'release-candidate': '1.5.0-rc1',
      commit: sha('one'),
      replayed: 'true',
    });
    expect(again.stdout).toContain('already existed');
  });
});

describe('command: deploy', () => {
  it('starts a deployment, reports the optional first status, and leaves state for the post step', async () => {
    const step = await runStep('main', {
      inputs: {
        ...connection(),
        command: 'deploy',
        version: '1.4.0-rc1',
        environment: 'staging',
        status: 'in_progress',
      },
    });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    const id = Number(step.outputs['deployment-id']);
    expect(step.outputs).toMatchObject({
      'release-candidate': '1.4.0-rc1',
      status: 'in_progress',
      url: `${seeded.app.url}/api/releases/web/deployments/${id}`,
      replayed: 'false',
    });
    expect(JSON.parse(step.state.deployment ?? '')).toEqual({
      url: seeded.app.url,
      project: 'web',
      environment: 'staging',
      version: '1.4.0-rc1',
      deploymentId: id,
    });
    expect(step.summary).toContain('| Status | `in_progress` |');
    expect(step.summary).toContain(
      '| Workflow run | [this run](https://github.com/acme/web/actions/runs/4242/attempts/1) |',
    );
    // The report names its run and job: the App closes the deployment if this job ends without reporting.
    const record = (await (await seeded.app.request(`/api/releases/web/deployments/${id}`)).json()) as {
      workflow_run_id: number;
      log_url: string;
    };
    expect(record).toMatchObject({
      workflow_run_id: 4242,
      log_url: 'https://github.com/acme/web/actions/runs/4242/attempts/1',
    });
  });

  it("saves no state with 'report-job-outcome: false'", async () => {
    const step = await runStep('main', {
      inputs: {
        ...connection(),
        command: 'deploy',
        version: '1.4.0-rc1',
        environment: 'production',
        'report-job-outcome': 'false',
      },
    });
    expect(step.exitCode).toBe(0);
    expect(step.outputs.status).toBe('pending');
    expect(step.state).toEqual({});
  });
});

describe('command: status', () => {
  it("reports on the candidate's newest deployment in the environment", async () => {
    const deploy = await runStep('main', {
      inputs: { ...connection(), command: 'deploy', version: '1.5.0-rc1', environment: 'staging' },
    });
    const id = deploy.outputs['deployment-id'];

    const step = await runStep('main', {
      inputs: {
        ...connection(),
        command: 'status',
        version: '1.5.0-rc1',
        environment: 'staging',
        status: 'success',
      },
    });

    expect(step.exitCode).toBe(0);
    expect(step.outputs).toMatchObject({ 'deployment-id': id, status: 'success', replayed: 'false' });
    expect(step.state).toEqual({});
    expect(step.summary).toContain('### Shiplog: deployment status reported');
    const listed = await listDeployments(seeded.app, 'staging');
    expect(listed.find((d) => String(d.id) === id)?.status).toBe('success');
  });

  it("fails the step with the App's own message and a hint when the status cannot be taken", async () => {
    const step = await runStep('main', {
      inputs: {
        ...connection(),
        command: 'status',
        version: '1.5.0-rc1',
        environment: 'staging',
        status: 'in_progress',
      },
    });

    expect(step.exitCode).toBe(1);
    expect(step.errors).toHaveLength(1);
    expect(step.errors[0]).toMatch(
      /^Deployment \d+ already ended with status 'success' and cannot become 'in_progress'.*\(HTTP 409, request id [\w-]+\)\nHint: statuses move forward \(only unknown may resume in_progress\)/s,
    );
  });
});
