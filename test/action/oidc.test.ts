/**
 * Keyless reporting: with no `token` input the built Action requests the job's OIDC token (the test
 * serves the runner's token endpoint and the issuer's JWKS, minting tokens with its own key) and the
 * real App verifies it: signature against the JWKS, issuer, audience, expiry, and the repository claim
 * against the project's repository.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sha } from '../support/fixtures.js';
import { startOidcIssuer, type OidcIssuer } from './support/oidc-issuer.js';
import { requireBuiltAction, runStep } from './support/run-action.js';
import { seedCandidate, startSeededApp, type SeededApp } from './support/shiplog.js';

let seeded: SeededApp;
let issuer: OidcIssuer;
const keyless = (extra: Record<string, string> = {}) => ({
  'shiplog-url': seeded.app.url,
  project: 'web',
  command: 'status',
  version: '4.0.0-rc1',
  environment: 'staging',
  status: 'in_progress',
  ...extra,
});
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  requireBuiltAction();
  issuer = await startOidcIssuer();
  seeded = await startSeededApp({ SHIPLOG_OIDC_ISSUER: issuer.url, SHIPLOG_OIDC_AUDIENCE: 'shiplog' });
  await seedCandidate(seeded.app, seeded.token, '4.0.0-rc1', sha('4.0.0'));
});
beforeEach(() => {
  issuer.next = {};
});
afterAll(async () => {
  await seeded.app.close();
  await issuer.close();
});

describe('a valid OIDC token', () => {
  it('authenticates the report, masked, with the configured audience', async () => {
    const step = await runStep('main', { inputs: keyless(), env: issuer.runnerEnv });

    expect(step.errors).toEqual([]);
    expect(step.exitCode).toBe(0);
    expect(step.stdout).toContain(
      "Authenticating to Shiplog with the job's GitHub OIDC token (audience 'shiplog')",
    );
    expect(step.outputs.status).toBe('in_progress');
    expect(issuer.audiences.at(-1)).toBe('shiplog');
    expect(step.masked).toHaveLength(1);
    expect(step.masked[0]).toMatch(/^eyJ/);
  });

  it('cuts a release, deploys, and lets the post step authenticate with a fresh token', async () => {
    const release = await runStep('main', {
      inputs: keyless({ command: 'release', version: '4.1.0-rc1', commit: sha('4.1.0') }),
      env: issuer.runnerEnv,
    });
    expect(release.exitCode).toBe(0);
    const deploy = await runStep('main', {
      inputs: keyless({ command: 'deploy', version: '4.1.0-rc1', status: '' }),
      env: issuer.runnerEnv,
    });
    expect(deploy.exitCode).toBe(0);
    const requested = issuer.audiences.length;

    const post = await runStep('post', {
      inputs: keyless({ command: 'deploy', version: '4.1.0-rc1', 'github-token': '' }),
      state: deploy.state,
      env: issuer.runnerEnv,
    });

    expect(post.errors).toEqual([]);
    expect(post.exitCode).toBe(0);
    expect(issuer.audiences.length).toBe(requested + 1);
    expect(post.stdout).toContain('is now unknown');
  });

  it('is verified against keys fetched once and cached', () => {
    expect(issuer.jwksFetches).toBe(1);
  });
});

describe('a rejected OIDC token fails the step with the check that failed', () => {
  const failure = async (env = issuer.runnerEnv, inputs = keyless()) => {
    const step = await runStep('main', { inputs, env });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toHaveLength(1);
    return step.errors[0] ?? '';
  };

  it("a repository claim that is not the project's repository: the no-leak 404", async () => {
    issuer.next = { claims: { repository: 'evil/web' } };
    expect(await failure()).toMatch(
      /^Project 'web' not found, or its repository is not 'evil\/web' \(the OIDC token's repository claim\) \(HTTP 404, request id \S+\)\nHint: .*only use projects whose repository is its own/,
    );
  });

  it('an expired token', async () => {
    issuer.next = { claims: { iat: now() - 900, nbf: now() - 900, exp: now() - 600 } };
    expect(await failure()).toMatch(
      /^OIDC token rejected: it expired at \d{4}-\d\d-\d\dT[\d:.]+Z; request a fresh token for each step \(HTTP 401, request id \S+\)\nHint: with OIDC the App checks/,
    );
  });

  it('a token signed by a key the issuer does not publish', async () => {
    issuer.next = { unknownKey: true };
    expect(await failure()).toMatch(
      new RegExp(
        `^OIDC token rejected: it is signed with key 'rogue-key', which the issuer does not publish at ${issuer.url}/\\.well-known/jwks \\(HTTP 401`,
      ),
    );
  });

  it('a token for another audience', async () => {
    expect(await failure(issuer.runnerEnv, keyless({ audience: 'someone-else' }))).toMatch(
      /^OIDC token rejected: audience 'someone-else' is not 'shiplog'/,
    );
  });

  it('a token from another issuer', async () => {
    issuer.next = { claims: { iss: 'https://token.example.com' } };
    expect(await failure()).toMatch(
      /^OIDC token rejected: issuer 'https:\/\/token\.example\.com' is not the accepted issuer/,
    );
  });

  it("a job without 'id-token: write' (no token service) and no token input", async () => {
    expect(await failure({})).toBe(
      "No 'token' input and no OIDC token available: give the job 'permissions: id-token: write' for keyless authentication, or pass a project API token as 'token'",
    );
  });
});

describe("the runner's token service", () => {
  it('is asked again after the Retry-After it gave with a 503', async () => {
    const before = issuer.tokenRequests.length;
    issuer.tokenServiceFailures.push({ status: 503, retryAfter: '2' });
    const step = await runStep('main', { inputs: keyless(), env: issuer.runnerEnv });
    expect(step.exitCode).toBe(0);
    const [failed, succeeded] = issuer.tokenRequests.slice(before);
    expect(succeeded! - failed!).toBeGreaterThanOrEqual(1_900);
  });

  it('refuses for good on a 4xx, naming it', async () => {
    const before = issuer.tokenRequests.length;
    issuer.tokenServiceFailures.push({ status: 403 });
    const step = await runStep('main', { inputs: keyless(), env: issuer.runnerEnv });
    expect(step.exitCode).toBe(1);
    expect(step.errors).toEqual([
      "GitHub's OIDC token service did not issue a token (HTTP 403); retry the job, or pass a project API token as 'token'",
    ]);
    expect(issuer.tokenRequests.length - before).toBe(1);
  });
});

describe('project tokens beside OIDC', () => {
  it('still authenticate', async () => {
    const step = await runStep('main', { inputs: keyless({ token: seeded.token, status: 'success' }) });
    expect(step.exitCode).toBe(0);
    expect(step.outputs.status).toBe('success');
  });
});
