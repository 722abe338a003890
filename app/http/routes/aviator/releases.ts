/**
 * Aviator Releases: cut a release candidate at a commit, read releases and candidates.
 * `POST /api/releases/{project}/releases/{rc_version}` is Aviator's documented endpoint, verbatim.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateReleaseBody,
  ErrorBody,
  PageQuery,
  ProjectParams,
  Release,
  ReleaseCandidate,
  VersionParams,
} from '../../../../shared/api/schemas.js';
import { parseCandidateVersion } from '../../../../shared/version.js';
import { pageRequest, setPageHeaders } from '../../pagination.js';
import { presentCandidate, presentRelease } from '../../presenters.js';
import { notModifiedResponse, type ResponseCache } from '../../response-cache.js';
import type { Services } from '../../services.js';
import { bodyErrorResponses, errorResponses, requireAuthentication } from '../authenticate.js';

const tags = ['releases'];

export const releaseRoutes: FastifyPluginAsync<{ services: Services; cache: ResponseCache }> = async (
  base,
  { services, cache },
) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  requireAuthentication(app, services);

  app.post(
    '/api/releases/:project/releases/:version',
    {
      schema: {
        tags,
        summary: 'Create a release and its release candidate at a commit',
        description:
          'Idempotent: the same version at the same commit answers 201 again with `Idempotent-Replayed: true`; at another commit, 409.',
        params: VersionParams,
        body: CreateReleaseBody,
        response: { 201: ReleaseCandidate, ...errorResponses, ...bodyErrorResponses, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { project, version } = request.params;
      const result = await services.releases.cutCandidate(request.principal, project, {
        version,
        repo: request.body.repo,
        commit: request.body.commit,
        triggerBuildWorkflow: request.body.trigger_build_workflow,
      });
      if (!result.created) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(presentCandidate(result.project, result.candidate));
    },
  );

  app.get(
    '/api/releases/:project/releases',
    {
      ...cache.hooks,
      schema: {
        tags,
        summary: "List a project's releases with their candidates, newest first",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: Type.Array(Release), ...notModifiedResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const page = await services.releases.listReleases(
        request.principal,
        request.params.project,
        pageRequest(request.query),
      );
      setPageHeaders(request, reply, page);
      return page.items.map(presentRelease);
    },
  );

  app.get(
    '/api/releases/:project/releases/:version',
    {
      ...cache.hooks,
      // The response is one of two shapes: a union in the serializer would validate the body against
      // each branch on every request, so this route serialises with plain JSON.stringify.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        tags,
        summary: 'Get a release (`1.4.0`) with its candidates, or one release candidate (`1.4.0-rc2`)',
        params: VersionParams,
        response: { 200: Type.Union([ReleaseCandidate, Release]), ...notModifiedResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { project, version } = request.params;
      if (parseCandidateVersion(version)) {
        const view = await services.releases.getCandidate(request.principal, project, version);
        return presentCandidate(view.project, view.candidate);
      }
      return presentRelease(await services.releases.getRelease(request.principal, project, version));
    },
  );
};
