/**
 * The management API: projects, environments, tokens. Writes need the admin token; a project token may
 * read its own project.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ProjectRecordParams,
  CreatedToken,
  Environment,
  EnvironmentInput,
  ErrorBody,
  Project,
  ProjectInput,
  ProjectParams,
  Token,
  TokenInput,
} from '../../../shared/api/schemas.js';
import { forbidden } from '../../errors.js';
import { messages } from '../../messages.js';
import { presentCreatedToken, presentEnvironment, presentProject, presentToken } from '../presenters.js';
import type { Services } from '../services.js';
import { bodyErrorResponses, errorResponses, requireAuthentication } from './authenticate.js';

const tags = ['management'];
const adminErrors = { ...errorResponses, 403: ErrorBody, 409: ErrorBody };
/** An admin write that takes a JSON body. */
const adminBodyErrors = { ...adminErrors, ...bodyErrorResponses };

export const managementRoutes: FastifyPluginAsync<{ services: Services }> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  requireAuthentication(app, services);
  const adminOnly = async () => {
    if (!services.auth.managementEnabled) throw forbidden(messages.managementDisabled);
  };

  app.post(
    '/api/projects',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Create a project',
        body: ProjectInput,
        response: { 201: Project, ...adminBodyErrors },
      },
    },
    async (request, reply) => {
      const view = await services.projects.create(request.principal, request.body);
      return reply.status(201).send(presentProject(view));
    },
  );

  app.get(
    '/api/projects',
    { schema: { tags, summary: 'List projects', response: { 200: Type.Array(Project), ...errorResponses } } },
    async (request) => (await services.projects.list(request.principal)).map(presentProject),
  );

  app.get(
    '/api/projects/:project',
    {
      schema: {
        tags,
        summary: 'Get a project',
        params: ProjectParams,
        response: { 200: Project, ...errorResponses },
      },
    },
    async (request) => presentProject(await services.projects.get(request.principal, request.params.project)),
  );

  app.post(
    '/api/projects/:project/environments',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Add an environment',
        params: ProjectParams,
        body: EnvironmentInput,
        response: { 201: Environment, ...adminBodyErrors },
      },
    },
    async (request, reply) => {
      const environment = await services.projects.addEnvironment(
        request.principal,
        request.params.project,
        request.body,
      );
      return reply.status(201).send(presentEnvironment(environment));
    },
  );

  app.delete(
    '/api/projects/:project/environments/:environment',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Remove an environment that has no deployments',
        params: Type.Object({ project: Type.String(), environment: Type.String() }),
        response: { 204: Type.Null({ description: 'Removed' }), ...adminErrors },
      },
    },
    async (request, reply) => {
      await services.projects.removeEnvironment(
        request.principal,
        request.params.project,
        request.params.environment,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/projects/:project/tokens',
    {
      preHandler: adminOnly,
      // The body is optional: no body means a token with the default name.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: 'Create a project API token (the secret is returned once)',
        params: ProjectParams,
        body: TokenInput,
        response: { 201: CreatedToken, ...adminBodyErrors },
      },
    },
    async (request, reply) => {
      const { record, token } = await services.projects.createToken(
        request.principal,
        request.params.project,
        request.body.name,
      );
      return reply.status(201).header('cache-control', 'no-store').send(presentCreatedToken(record, token));
    },
  );

  app.get(
    '/api/projects/:project/tokens',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: "List a project's tokens (never their secrets)",
        params: ProjectParams,
        response: { 200: Type.Array(Token), ...adminErrors },
      },
    },
    async (request) =>
      (await services.projects.listTokens(request.principal, request.params.project)).map(presentToken),
  );

  app.delete(
    '/api/projects/:project/tokens/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Revoke a token',
        params: ProjectRecordParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...adminErrors },
      },
    },
    async (request, reply) => {
      await services.projects.revokeToken(request.principal, request.params.project, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
