/** The hook that makes a route group authenticated: it sets `request.principal` or answers 401. */
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../../../shared/api/schemas.js';
import type { Services } from '../services.js';

export function requireAuthentication(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request) => {
    request.principal = await services.auth.authenticate(request.headers.authorization);
  });
}

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
} as const;
