/**
 * How the built Action fails: a bad input is an `::error::` naming the input and exit code 1, before
 * anything is sent; an App refusal shows the App's own message and a hint.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireBuiltAction, runStep } from './support/run-action.js';
import { listDeployments, startSeededApp, type SeededApp } from './support/shiplog.js';

let seeded: SeededApp;
const inputs = (extra: Record<string, string>) => ({
  'shiplog-url': seeded.app.url,
  project: 'web',
  token: seeded.token,
  command: 'deploy',
  version: '1.0.0-rc1',
  environment: 'staging',
  ...extra,
});

beforeAll(async () => {
  requireBuiltAction();
  seeded = await startSeededApp();
});
afterAll(() => seeded.app.close());

describe('a bad input', () => {
  it.each([
    [{ command: 'ship' }, "Input 'command' must be release, deploy or status, got 'ship'"],
    [
      { version: '1.4' },
      "Input 'version' must be a release candidate version such as 1.4.0-rc2 (a release version, '-rc' and a number), got '1.4'",
    ],
    [{ environment: '' }, "Input 'environment' is required for command 'deploy': set it under 'with:'"],
    [
      { command: 'status', status: 'done' },
      "Input 'status' must be one of pending, in_progress, canceling, unknown, success, failure, canceled, got 'done'",
    ],
    [{ 'report-job-outcome': 'yes' }, "Input 'report-job-outcome' must be true or false, got 'yes'"],
    [{ retries: '99' }, "Input 'retries' must be a whole number from 0 to 10, got '99'"],
    [
      { 'shiplog-url': 'shiplog.example.com' },
      "Input 'shiplog-url' must be the App's http(s) base URL such as https://shiplog.example.com, got 'shiplog.example.com'",
    ],
  ])('%p fails the step with an ::error:: and sends nothing', async (bad, message) => {
    const step = await runStep('main', { inputs: inputs(bad) });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([message]);
    expect(step.outputs).toEqual({});
    expect(step.state).toEqual({});
    expect(await listDeployments(seeded.app, 'staging')).toEqual([]);
  });
});

describe("the App's refusal", () => {
  it("passes the App's message through verbatim: 'Invalid commit hash'", async () => {
    const step = await runStep('main', { inputs: inputs({ command: 'release', commit: 'not-a-sha' }) });
    expect(step.exitCode).toBe(1);
    expect(step.errors[0]).toMatch(/^Invalid commit hash \(HTTP 400, request id \S+\)$/);
  });

  it('explains an unknown token', async () => {
    const step = await runStep('main', { inputs: inputs({ token: 'shp_revoked' }) });
    expect(step.exitCode).toBe(1);
    expect(step.errors[0]).toMatch(
      /^Unknown or revoked API token.*\(HTTP 401, request id \S+\)\nHint: check the 'token' input/,
    );
  });

  it('explains an unknown project or environment', async () => {
    const step = await runStep('main', { inputs: inputs({ environment: 'qa' }) });
    expect(step.exitCode).toBe(1);
    expect(step.errors[0]).toMatch(
      /^Environment 'qa' not found in project 'web' \(HTTP 404, request id \S+\)\nHint: check 'project' and 'environment'/,
    );
  });
});
