import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, createProject, startTestApp, type TestApp } from '../../support/app.js';
import { COMMITS, githubState, sha } from '../../support/fixtures.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';

let github: GitHubStub;
let app: TestApp;
let token: string;
const [first, second] = COMMITS as [string, string, string];

const cut = (version: string, body: Record<string, unknown>, project = 'web', auth = token) =>
  app.request(`/api/releases/${project}/releases/${version}`, { method: 'POST', json: body, token: auth });

beforeAll(async () => {
  github = await startGitHubStub({ state: githubState() });
  app = await startTestApp({ github });
  token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [{ name: 'prod', tier: 'production' }],
  });
  await createProject(app, { name: 'secret', repo: 'acme/private' });
  await createProject(app, { name: 'ghost', repo: 'acme/ghost' });
});

afterEach(() => {
  expect(github.problems).toEqual([]);
  github.clearFailures();
});

afterAll(async () => {
  await app.close();
  await github.close();
});

describe('POST /api/releases/{project}/releases/{rc_version}', () => {
  it('creates the release and its candidate at a commit checked against GitHub', async () => {
    const response = await cut('1.4.0-rc1', {
      repo: 'acme/web',
      commit: first,
      trigger_build_workflow: false,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      project: 'web',
      version: '1.4.0-rc1',
      release_version: '1.4.0',
      number: 1,
      repo: 'acme/web',
      commit: first,
      verified: true,
    });
    const commitCalls = github.calls.filter((call) => call.operationId === 'repos/get-commit');
    expect(commitCalls.at(-1)?.path).toContain(`/repos/acme/web/commits/${first}`);
  });

  it('resolves a short SHA to the full one', async () => {
    const response = await cut('2.0.0-rc1', { repo: 'acme/web', commit: second.slice(0, 7) });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { commit: string }).commit).toBe(second);
  });

  it('joins 1.4.0-rc2 to release 1.4.0', async () => {
    expect((await cut('1.4.0-rc2', { repo: 'acme/web', commit: second })).status).toBe(201);
    const release = await app.request('/api/releases/web/releases/1.4.0', { token });
    expect(release.status).toBe(200);
    const body = (await release.json()) as { version: string; candidates: { version: string }[] };
    expect(body.version).toBe('1.4.0');
    expect(body.candidates.map((c) => c.version)).toEqual(['1.4.0-rc1', '1.4.0-rc2']);
  });

  it('is idempotent at the same commit, even spelled short, without asking GitHub again', async () => {
    const before = github.calls.length;
    const again = await cut('1.4.0-rc1', { repo: 'acme/web', commit: first.slice(0, 10) });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { commit: string }).commit).toBe(first);
    expect(github.calls.length).toBe(before);
  });

  it('refuses the same version at another commit with a 409 naming the existing commit', async () => {
    const response = await cut('1.4.0-rc1', { repo: 'acme/web', commit: second });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toContain(first);
  });

  it.each(['1.4.0', '1.4.0-rc0', 'v1.2.3.4.5-rc1', 'latest', '1.4.0-rc1x'])(
    "answers 400 'Invalid release candidate version' for %s",
    async (version) => {
      const response = await cut(version, { repo: 'acme/web', commit: first });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'Invalid release candidate version' });
    },
  );

  it.each(['xyz', '12345', 'g'.repeat(40), `${first}0`])(
    "answers 400 'Invalid commit hash' for the malformed commit %s",
    async (commit) => {
      const response = await cut('3.0.0-rc1', { repo: 'acme/web', commit });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'Invalid commit hash' });
    },
  );

  it("answers 400 'Invalid commit hash' for a commit that is not in the repository", async () => {
    const response = await cut('3.0.0-rc1', { repo: 'acme/web', commit: sha('elsewhere') });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Invalid commit hash' });
    expect((await app.request('/api/releases/web/releases/3.0.0-rc1', { token })).status).toBe(404);
  });

  it("answers 404 'GitHub repository not found' when the repository does not exist", async () => {
    const response = await cut('1.0.0-rc1', { commit: first }, 'ghost', ADMIN_TOKEN);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'GitHub repository not found' });
  });

  it("answers 404 'GitHub repository not found' when the App is not installed on it", async () => {
    const response = await cut(
      '1.0.0-rc1',
      { repo: 'acme/private', commit: sha('private') },
      'secret',
      ADMIN_TOKEN,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'GitHub repository not found' });
  });

  it('refuses a repository that is not the project’s', async () => {
    const response = await cut('4.0.0-rc1', { repo: 'acme/other', commit: first });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /not the repository of project 'web'/,
    );
  });

  it('refuses trigger_build_workflow when no build workflow is configured', async () => {
    const response = await cut('4.0.0-rc1', {
      repo: 'acme/web',
      commit: first,
      trigger_build_workflow: true,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/no build workflow configured/);
  });

  it('answers 503 and stores nothing when GitHub fails', async () => {
    github.fail('repos/get-commit', 500, 1);
    const response = await cut('5.0.0-rc1', { repo: 'acme/web', commit: first });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/nothing was stored, retry later/);
    expect((await app.request('/api/releases/web/releases/5.0.0-rc1', { token })).status).toBe(404);
    expect((await cut('5.0.0-rc1', { repo: 'acme/web', commit: first })).status).toBe(201);
    // The stub was told to fail on purpose: that is not a fidelity problem.
    github.problems.length = 0;
  });

  it('needs commit, and rejects unknown fields and wrong types', async () => {
    const missing = await cut('6.0.0-rc1', { repo: 'acme/web' });
    expect(await missing.json()).toEqual({ error: "Missing required field 'commit' in body" });
    const unknown = await cut('6.0.0-rc1', { repo: 'acme/web', commit: first, comit: 'x' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/Unknown field 'comit'/);
    const wrongType = await cut('6.0.0-rc1', { commit: 12 });
    expect(wrongType.status).toBe(400);
  });

  it('answers 404 naming an unknown project', async () => {
    const response = await app.request('/api/releases/nope/releases/1.0.0-rc1', {
      method: 'POST',
      json: { commit: first },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "Project 'nope' not found" });
  });
});

describe('reading releases', () => {
  it('lists releases newest first with their candidates, paginated', async () => {
    const page1 = await app.request('/api/releases/web/releases?per_page=1', { token });
    expect(page1.status).toBe(200);
    expect(page1.headers.get('x-total')).toBe('3');
    expect(page1.headers.get('x-next-page')).toBe('2');
    expect(page1.headers.get('link')).toContain('rel="next"');
    const [newest] = (await page1.json()) as { version: string }[];
    expect(newest?.version).toBe('5.0.0');
    const all = (await (await app.request('/api/releases/web/releases', { token })).json()) as {
      version: string;
      candidates: unknown[];
    }[];
    expect(all.map((r) => [r.version, r.candidates.length])).toEqual([
      ['5.0.0', 1],
      ['2.0.0', 1],
      ['1.4.0', 2],
    ]);
  });

  it('gets one candidate, and 404/400 for unknown or malformed versions', async () => {
    const rc = await app.request('/api/releases/web/releases/1.4.0-rc2', { token });
    expect(await rc.json()).toMatchObject({ version: '1.4.0-rc2', commit: second });
    const unknownRc = await app.request('/api/releases/web/releases/1.4.0-rc9', { token });
    expect(unknownRc.status).toBe(404);
    expect(await unknownRc.json()).toEqual({
      error: "Release candidate '1.4.0-rc9' not found in project 'web'",
    });
    const unknownRelease = await app.request('/api/releases/web/releases/9.9.9', { token });
    expect(await unknownRelease.json()).toEqual({ error: "Release '9.9.9' not found in project 'web'" });
    const malformed = await app.request('/api/releases/web/releases/latest', { token });
    expect(malformed.status).toBe(400);
  });
});
