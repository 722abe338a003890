/**
 * An environment's lock through the API: read it, take it for a person (a manual lock), release it.
 * Pull requests take theirs with `/lock`; both kinds block everyone else's deployments.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  EnvironmentParams,
  ErrorBody,
  LockInput,
  LockState,
  UnlockQuery,
} from '../../../shared/api/schemas.js';
import { presentLockState } from '../governance-presenters.js';
import type { Services } from '../services.js';
import { bodyErrorResponses, errorResponses, requireAuthentication } from './authenticate.js';

const tags = ['locks'];
const path = '/api/releases/:project/environments/:environment/lock';

/** Read, take and release an environment's lock. */
export const lockRoutes: FastifyPluginAsync<{ services: Services }> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  requireAuthentication(app, services);

  app.get(
    path,
    {
      schema: {
        tags,
        summary: "An environment's lock and the queue waiting for it",
        params: EnvironmentParams,
        response: { 200: LockState, ...errorResponses },
      },
    },
    async (request) =>
      presentLockState(
        await services.locks.view(request.principal, request.params.project, request.params.environment),
      ),
  );

  app.put(
    path,
    {
      schema: {
        tags,
        summary: 'Lock an environment for a person, or join its queue when someone else holds it',
        description:
          '`outcome` says what happened: `locked`, `renewed` (the user held it: reason and expiry replaced) or `queued`.',
        params: EnvironmentParams,
        body: LockInput,
        response: { 200: LockState, ...errorResponses, ...bodyErrorResponses },
      },
    },
    async (request) =>
      presentLockState(
        await services.locks.lock(request.principal, request.params.project, request.params.environment, {
          user: request.body.user,
          reason: request.body.reason,
          minutes: request.body.expires_in_minutes,
        }),
      ),
  );

  app.delete(
    path,
    {
      schema: {
        tags,
        summary: "Release a person's lock (or queue place); with the admin token, anyone's (an override)",
        params: EnvironmentParams,
        querystring: UnlockQuery,
        response: { 200: LockState, ...errorResponses, 409: ErrorBody },
      },
    },
    async (request) =>
      presentLockState(
        await services.locks.unlock(request.principal, request.params.project, request.params.environment, {
          user: request.query.user,
          reason: request.query.reason,
        }),
      ),
  );
};
