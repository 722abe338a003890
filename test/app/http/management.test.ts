import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject, cutCandidates, startTestApp, type TestApp } from '../../support/app.js';

let app: TestApp;
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
const post = (path: string, json: unknown, token?: string) =>
  app.request(path, { method: 'POST', json, ...(token ? { token } : {}) });

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('projects', () => {
  it('creates a project with environments', async () => {
    const response = await post('/api/projects', {
      name: 'web_app-2',
      repo: 'acme/web',
      environments: [
        { name: 'staging', tier: 'staging' },
        { name: 'Prod', tier: 'production' },
      ],
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      name: 'web_app-2',
      repo: 'acme/web',
      build_workflow: null,
      environments: [
        { name: 'staging', tier: 'staging' },
        { name: 'Prod', tier: 'production' },
      ],
    });
  });

  it('lets several projects share one repository, and names are case-sensitive', async () => {
    expect((await post('/api/projects', { name: 'Web_App-2', repo: 'acme/web' })).status).toBe(201);
    expect((await post('/api/projects', { name: 'docs', repo: 'acme/web' })).status).toBe(201);
  });

  it('refuses a duplicate name with 409', async () => {
    const response = await post('/api/projects', { name: 'docs', repo: 'acme/docs' });
    expect(response.status).toBe(409);
    expect(await errorOf(response)).toBe("Project 'docs' already exists; choose another name");
  });

  it.each([
    [{ name: 'bad name', repo: 'acme/web' }, /body.name must match pattern/],
    [{ name: 'x', repo: 'not-a-repo' }, /body.repo must match pattern/],
    [
      { name: 'x', repo: 'acme/web', environments: [{ name: 'p', tier: 'prod' }] },
      /tier must be one of: production, staging, development/,
    ],
    [
      {
        name: 'x',
        repo: 'acme/web',
        environments: [
          { name: 'p', tier: 'staging' },
          { name: 'p', tier: 'staging' },
        ],
      },
      /listed twice/,
    ],
    [{ name: 'x', repo: 'acme/web', owner: 'me' }, /Unknown field 'owner'/],
    [{ repo: 'acme/web' }, /Missing required field 'name'/],
  ])('answers 400 for %p', async (body, message) => {
    const response = await post('/api/projects', body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(message);
    expect((await app.request('/api/projects/x')).status).toBe(404);
  });

  it('reads and lists projects; a project token sees only its own', async () => {
    const token = await createProject(app, { name: 'solo', repo: 'acme/solo' });
    const all = (await (await app.request('/api/projects')).json()) as { name: string }[];
    expect(all.map((p) => p.name)).toEqual(
      expect.arrayContaining(['docs', 'solo', 'web_app-2', 'Web_App-2']),
    );
    const own = (await (await app.request('/api/projects', { token })).json()) as { name: string }[];
    expect(own.map((p) => p.name)).toEqual(['solo']);
    expect((await app.request('/api/projects/solo', { token })).status).toBe(200);
    expect((await app.request('/api/projects/docs', { token })).status).toBe(404);
    const unknown = await app.request('/api/projects/nope');
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toBe("Project 'nope' not found");
  });

  it('refuses management writes with a project token', async () => {
    const token = await createProject(app, { name: 'tenant', repo: 'acme/tenant' });
    for (const response of [
      await post('/api/projects', { name: 'evil', repo: 'acme/evil' }, token),
      await post('/api/projects/tenant/tokens', {}, token),
      await post('/api/projects/tenant/environments', { name: 'x', tier: 'staging' }, token),
    ]) {
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toMatch(/needs the admin token/);
    }
  });
});

describe('environments', () => {
  it('adds and removes environments', async () => {
    const added = await post('/api/projects/docs/environments', { name: 'preview', tier: 'development' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ name: 'preview', tier: 'development' });
    const again = await post('/api/projects/docs/environments', { name: 'preview', tier: 'development' });
    expect(again.status).toBe(409);
    const removed = await app.request('/api/projects/docs/environments/preview', { method: 'DELETE' });
    expect(removed.status).toBe(204);
    const project = (await (await app.request('/api/projects/docs')).json()) as { environments: unknown[] };
    expect(project.environments).toEqual([]);
    const missing = await app.request('/api/projects/docs/environments/preview', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toBe("Environment 'preview' not found in project 'docs'");
  });

  it('keeps an environment that has deployments (its history)', async () => {
    const token = await createProject(app, {
      name: 'kept',
      repo: 'acme/kept',
      environments: [{ name: 'prod', tier: 'production' }],
    });
    await cutCandidates(app, 'kept', token, [['1.0.0-rc1', 'abcdef0']]);
    const reported = await app.request('/api/releases/kept/environments/prod/deployments', {
      method: 'PATCH',
      json: { release_candidate_version: '1.0.0-rc1', status: 'success' },
      token,
    });
    expect(reported.status).toBe(200);
    const response = await app.request('/api/projects/kept/environments/prod', { method: 'DELETE' });
    expect(response.status).toBe(409);
    expect(await errorOf(response)).toMatch(/has 1 deployment\(s\)/);
  });
});

describe('tokens', () => {
  it('returns a token once, stores only its hash, lists and revokes it', async () => {
    await post('/api/projects', { name: 'tok', repo: 'acme/tok' });
    const created = await post('/api/projects/tok/tokens', { name: 'deploy bot' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { id, token, token_prefix } = (await created.json()) as {
      id: number;
      token: string;
      token_prefix: string;
    };
    expect(token).toMatch(/^shp_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(token_prefix)).toBe(true);

    const stored = readFileSync(app.dataPath, 'utf8') + readFileSync(`${app.dataPath}.journal`, 'utf8');
    expect(stored).toContain(token_prefix);
    expect(stored).not.toContain(token);
    const listed = await app.request('/api/projects/tok/tokens');
    const tokens = (await listed.json()) as Record<string, unknown>[];
    expect(tokens).toEqual([
      expect.objectContaining({ id, name: 'deploy bot', token_prefix, revoked_at: null }),
    ]);
    expect(JSON.stringify(tokens)).not.toContain(token);

    expect((await app.request('/api/releases/tok/environments', { token })).status).toBe(200);
    expect((await app.request(`/api/projects/tok/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await app.request(`/api/projects/tok/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await app.request('/api/releases/tok/environments', { token });
    expect(revoked.status).toBe(401);
    const missing = await app.request('/api/projects/tok/tokens/9999', { method: 'DELETE' });
    expect(missing.status).toBe(404);
  });

  it('creates a token without a body', async () => {
    const response = await app.request('/api/projects/tok/tokens', { method: 'POST' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'default' });
  });
});

describe('without SHIPLOG_ADMIN_TOKEN', () => {
  it('disables the management API with a message saying how to enable it', async () => {
    const bare = await startTestApp({ env: { SHIPLOG_ADMIN_TOKEN: '' } });
    try {
      const response = await bare.request('/api/projects', {
        method: 'POST',
        json: { name: 'x', repo: 'acme/x' },
        token: 'anything-at-all-here',
      });
      expect(response.status).toBe(401);
      expect(bare.logs.join('')).toContain('The management API is disabled: set SHIPLOG_ADMIN_TOKEN');
    } finally {
      await bare.close();
    }
  });
});
