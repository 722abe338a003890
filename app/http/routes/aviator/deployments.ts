/**
 * Aviator Releases: deployments of release candidates to environments.
 * `POST` and `PATCH /api/releases/{project}/environments/{env}/deployments` are Aviator's documented
 * endpoints, verbatim; the reads follow the same style.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateDeploymentBody,
  Deployment,
  EnvironmentParams,
  EnvironmentState,
  ErrorBody,
  PageQuery,
  ProjectParams,
  ProjectRecordParams,
  UpdateDeploymentBody,
} from '../../../../shared/api/schemas.js';
import { pageRequest, setPageHeaders } from '../../pagination.js';
import {
  deploymentJson,
  deploymentsJson,
  presentDeployment,
  presentEnvironmentState,
  sendJsonText,
} from '../../presenters.js';
import { notModifiedResponse, type ResponseCache } from '../../response-cache.js';
import type { Services } from '../../services.js';
import { bodyErrorResponses, errorResponses, requireAuthentication } from '../authenticate.js';

const tags = ['deployments'];

/** The optional report fields of a body, as the service takes them. */
const reportContext = (body: {
  github_run_id?: number | undefined;
  github_job?: string | undefined;
  log_url?: string | undefined;
  environment_url?: string | undefined;
}) => ({
  runId: body.github_run_id,
  job: body.github_job,
  logUrl: body.log_url,
  environmentUrl: body.environment_url,
});
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Makes a retry return the deployment the first request created.' }),
  ),
});

export const deploymentRoutes: FastifyPluginAsync<{ services: Services; cache: ResponseCache }> = async (
  base,
  { services, cache },
) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  requireAuthentication(app, services);

  app.get(
    '/api/releases/:project/environments',
    {
      ...cache.hooks,
      schema: {
        tags,
        summary: "List a project's environments with what is deployed in each now",
        params: ProjectParams,
        response: { 200: Type.Array(EnvironmentState), ...notModifiedResponse, ...errorResponses },
      },
    },
    async (request) =>
      (await services.deployments.environments(request.principal, request.params.project)).map(
        presentEnvironmentState,
      ),
  );

  app.post(
    '/api/releases/:project/environments/:environment/deployments',
    {
      schema: {
        tags,
        summary: 'Create a deployment of a release candidate to an environment',
        description:
          'A 409 when the environment is under a deploy freeze or locked by someone else; a 422 when the Idempotency-Key was used for another request.',
        params: EnvironmentParams,
        headers: IdempotencyHeaders,
        body: CreateDeploymentBody,
        response: {
          201: Deployment,
          ...errorResponses,
          ...bodyErrorResponses,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { project, environment } = request.params;
      const { body } = request;
      const result = await services.deployments.create(
        request.principal,
        project,
        environment,
        body.release_candidate_version,
        request.headers['idempotency-key'],
        reportContext(body),
      );
      if (!result.created) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(presentDeployment(result));
    },
  );

  app.patch(
    '/api/releases/:project/environments/:environment/deployments',
    {
      schema: {
        tags,
        summary: "Report the status of a candidate's deployment (creating it if needed)",
        description:
          'Repeating the current status changes nothing. A move the status state machine refuses is a 409 naming the moves allowed from the current status: going back (though `unknown` may still resume `in_progress`), or leaving success, failure or canceled, which are never left. Also a 409: a report for a deployment still waiting for approvals, or one that would create a deployment in an environment that is frozen, locked by someone else or requires approvals.',
        params: EnvironmentParams,
        body: UpdateDeploymentBody,
        response: { 200: Deployment, ...errorResponses, ...bodyErrorResponses, 409: ErrorBody },
      },
    },
    async (request) => {
      const { project, environment } = request.params;
      const { body } = request;
      const result = await services.deployments.reportStatus(
        request.principal,
        project,
        environment,
        body.release_candidate_version,
        body.status,
        reportContext(body),
      );
      return presentDeployment(result);
    },
  );

  app.get(
    '/api/releases/:project/environments/:environment/deployments',
    {
      ...cache.hooks,
      schema: {
        tags,
        summary: "List an environment's deployments, newest first",
        params: EnvironmentParams,
        querystring: PageQuery,
        response: { 200: Type.Array(Deployment), ...notModifiedResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { project, environment } = request.params;
      const page = await services.deployments.list(
        request.principal,
        project,
        environment,
        pageRequest(request.query),
      );
      setPageHeaders(request, reply, page);
      // Rendered per deployment and kept (presenters.ts): a page after a write re-renders one item.
      return sendJsonText(reply, deploymentsJson(page.items));
    },
  );

  app.get(
    '/api/releases/:project/deployments/:id',
    {
      ...cache.hooks,
      schema: {
        tags,
        summary: 'Get one deployment',
        params: ProjectRecordParams,
        response: { 200: Deployment, ...notModifiedResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendJsonText(
        reply,
        deploymentJson(
          await services.deployments.get(request.principal, request.params.project, request.params.id),
        ),
      ),
  );
};
