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

describe('documented error responses', () => {
  type Operation = { requestBody?: unknown; responses: Record<string, unknown> };
  const operationsOf = async () => {
    const response = await app.request('/api/openapi.json', { token: null });
    const document = (await response.json()) as { paths: Record<string, Record<string, Operation>> };
    return Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        name: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
  };
  const codesOf = (operation: Operation | undefined) => Object.keys(operation?.responses ?? {}).sort();

  it('lists 409 (locked, frozen, refused by a gate), 413 and 415 for POST deployments', async () => {
    const operations = await operationsOf();
    const create = operations.find(
      (o) => o.name === 'POST /api/releases/{project}/environments/{environment}/deployments',
    );
    expect(codesOf(create?.operation)).toEqual([
      '201',
      '400',
      '401',
      '404',
      '409',
      '413',
      '415',
      '422',
      '503',
    ]);
  });

  it('lists 413 and 415 for every operation that takes a JSON body', async () => {
    const withBody = (await operationsOf()).filter((o) => o.operation.requestBody !== undefined);
    expect(withBody.map((o) => o.name).sort()).toEqual(
      [
        'POST /api/projects',
        'POST /api/projects/{project}/environments',
        'POST /api/projects/{project}/tokens',
        'POST /api/releases/{project}/releases/{version}',
        'POST /api/releases/{project}/environments/{environment}/deployments',
        'PATCH /api/releases/{project}/environments/{environment}/deployments',
        'POST /api/releases/{project}/deployments/{id}/approve',
        'POST /api/releases/{project}/deployments/{id}/reject',
        'PUT /api/releases/{project}/environments/{environment}/lock',
      ].sort(),
    );
    for (const { name, operation } of withBody) {
      expect({ name, codes: codesOf(operation) }).toEqual({
        name,
        codes: expect.arrayContaining(['413', '415']),
      });
    }
  });

  it('lists the 409s and 503s the services give', async () => {
    const operations = new Map((await operationsOf()).map((o) => [o.name, o.operation]));
    const expectations: [string, string[]][] = [
      ['PATCH /api/releases/{project}/environments/{environment}/deployments', ['409', '503']],
      ['POST /api/releases/{project}/releases/{version}', ['409', '503']],
      ['POST /api/releases/{project}/deployments/{id}/approve', ['403', '409', '503']],
      ['POST /api/releases/{project}/deployments/{id}/reject', ['403', '409', '503']],
      ['GET /api/releases/{project}/deployments/{id}/approvals', ['409']],
      ['DELETE /api/releases/{project}/environments/{environment}/lock', ['409']],
      ['POST /api/projects', ['403', '409']],
      ['DELETE /api/projects/{project}/environments/{environment}', ['403', '409']],
      // A workflow's OIDC token is verified against GitHub's keys on every authenticated route.
      ['GET /api/releases/{project}/environments/{environment}/deployments', ['503']],
    ];
    for (const [name, codes] of expectations) {
      expect({ name, codes: codesOf(operations.get(name)) }).toEqual({
        name,
        codes: expect.arrayContaining(codes),
      });
    }
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
