import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../../support/app.js';
import { githubState } from '../../support/fixtures.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';
import { signedWebhookRequest } from '../../support/github/webhook.js';
import { deliver } from '../../support/deliver.js';
import { installationCreated as installation } from '../../support/github-events.js';

const installationCreated = installation(['acme/web'], 77);

let github: GitHubStub;
let app: TestApp;

beforeAll(async () => {
  github = await startGitHubStub({ state: githubState() });
  app = await startTestApp({ github });
});
afterAll(async () => {
  await app.close();
  await github.close();
});

describe('POST /api/github/webhooks', () => {
  it('accepts a delivery signed with WEBHOOK_SECRET and runs its handler', async () => {
    const response = await deliver(app, 'installation', installationCreated);
    expect(response.status).toBe(200);
    expect(app.logs.some((line) => line.includes('installation changed'))).toBe(true);
  });

  it('refuses a delivery signed with another secret, saying what to check', async () => {
    const { headers, body } = await signedWebhookRequest(
      'not-the-secret',
      'installation',
      installationCreated,
    );
    const response = await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', headers, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/matches WEBHOOK_SECRET/);
  });

  it('refuses a delivery without GitHub headers', async () => {
    const response = await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
  });

  it('answers 503 when GitHub is not configured', async () => {
    const bare = await startTestApp();
    try {
      const { headers, body } = await signedWebhookRequest(
        WEBHOOK_SECRET,
        'installation',
        installationCreated,
      );
      const response = await fetch(`${bare.url}/api/github/webhooks`, { method: 'POST', headers, body });
      expect(response.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
