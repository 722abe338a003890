import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { COMMITS, githubState } from '../../support/fixtures.js';
import { installationCreated } from '../../support/github-events.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';
import { startOidcIssuer, type OidcIssuer } from '../../action/support/oidc-issuer.js';

let github: GitHubStub;
let issuer: OidcIssuer;
let app: TestApp;

const CONFIG = `projects:
  web:
    environments:
      staging:
        tier: staging
      production:
        tier: production
        oidc_require_environment: true
`;

const deploy = async (environment: string, claims: Record<string, unknown>) =>
  app.request(`/api/releases/web/environments/${environment}/deployments`, {
    method: 'POST',
    json: { release_candidate_version: '1.0.0-rc1' },
    token: await issuer.mint('shiplog', { claims }),
  });

beforeAll(async () => {
  const state = githubState();
  state.repos!['acme/web']!.files = { '.github/shiplog.yml': CONFIG };
  github = await startGitHubStub({ state });
  issuer = await startOidcIssuer();
  app = await startTestApp({
    github,
    env: { SHIPLOG_OIDC_ISSUER: issuer.url, SHIPLOG_OIDC_AUDIENCE: 'shiplog' },
  });
  await deliver(app, 'installation', installationCreated(['acme/web'], 77));
  await cutCandidates(app, 'web', ADMIN_TOKEN, [['1.0.0-rc1', COMMITS[0]!]]);
});
afterAll(async () => {
  expect(github.problems).toEqual([]);
  await app.close();
  await issuer.close();
  await github.close();
});

describe('oidc_require_environment', () => {
  it("accepts a keyless report from a job running in the environment's GitHub environment", async () => {
    expect((await deploy('production', { environment: 'production' })).status).toBe(201);
  });

  it('refuses a token from another environment, or from a job without one, saying which check failed', async () => {
    const other = await deploy('production', { environment: 'staging' });
    expect(other.status).toBe(401);
    expect(((await other.json()) as { error: string }).error).toBe(
      "OIDC token rejected: environment claim 'staging' is not 'production'; this environment accepts keyless reports only from jobs with `environment: production`",
    );
    const none = await deploy('production', {});
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toMatch(/environment claim is missing/);
  });

  it('leaves environments without the setting open to any job of the repository', async () => {
    expect((await deploy('staging', {})).status).toBe(201);
  });
});
