import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('GET /api/openapi.json', () => {
  it('describes every endpoint with the schemas that validate requests', async () => {
    const response = await app.request('/api/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /healthz',
        'POST /api/projects',
        'GET /api/projects',
        'GET /api/projects/{project}',
        'POST /api/projects/{project}/environments',
        'DELETE /api/projects/{project}/environments/{environment}',
        'POST /api/projects/{project}/tokens',
        'GET /api/projects/{project}/tokens',
        'DELETE /api/projects/{project}/tokens/{id}',
        'POST /api/releases/{project}/releases/{version}',
        'GET /api/releases/{project}/releases',
        'GET /api/releases/{project}/releases/{version}',
        'GET /api/releases/{project}/environments',
        'POST /api/releases/{project}/environments/{environment}/deployments',
        'PATCH /api/releases/{project}/environments/{environment}/deployments',
        'GET /api/releases/{project}/environments/{environment}/deployments',
        'GET /api/releases/{project}/deployments/{id}',
        'GET /api/releases/{project}/deployments/{id}/approvals',
        'POST /api/releases/{project}/deployments/{id}/approve',
        'POST /api/releases/{project}/deployments/{id}/reject',
        'GET /api/releases/{project}/audit',
        'GET /api/releases/{project}/environments/{environment}/lock',
        'PUT /api/releases/{project}/environments/{environment}/lock',
        'DELETE /api/releases/{project}/environments/{environment}/lock',
      ].sort(),
    );
    const patch = document.paths['/api/releases/{project}/environments/{environment}/deployments']?.patch;
    const schema = patch?.requestBody?.content['application/json']?.schema as {
      properties: { status: { enum: string[] } };
    };
    expect(schema.properties.status.enum).toEqual([
      'pending',
      'in_progress',
      'canceling',
      'unknown',
      'success',
      'failure',
      'canceled',
    ]);
  });
});

describe('GET /healthz and unknown routes', () => {
  it('answers without a token and says whether GitHub is configured', async () => {
    const response = await app.request('/healthz', { token: null });
    expect(await response.json()).toEqual({ status: 'ok', github: 'unconfigured' });
  });

  it('answers an unknown route with a JSON 404 pointing to the API description', async () => {
    const response = await app.request('/api/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'No endpoint GET /api/nothing; the API is described at /api/openapi.json',
    });
  });
});
