/** The hook that makes a route group authenticated: it sets `request.principal` or answers 401. */
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../../../shared/api/schemas.js';
import type { Services } from '../services.js';

export function requireAuthentication(app: FastifyInstance, services: Services): void {
  // Callback style: a caller the service knows is let through without a promise or a wait.
  app.addHook('onRequest', (request, _reply, done) => {
    const principal = services.auth.authenticate(request.headers.authorization);
    if (!(principal instanceof Promise)) {
      request.principal = principal;
      done();
      return;
    }
    principal.then((resolved) => {
      request.principal = resolved;
      done();
    }, done);
  });
}

/**
 * Error responses every authenticated route may give, for the OpenAPI document: a malformed parameter
 * (400), a missing, unknown or refused token (401), an unknown project or record (404), and GitHub's
 * OIDC keys out of reach while a workflow's token is verified (503).
 */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
  503: ErrorBody,
} as const;

/**
 * Error responses a route that takes a JSON body may also give: a body over the size limit (413) or
 * not sent as `Content-Type: application/json` (415). Answered before the route's own checks run.
 */
export const bodyErrorResponses = {
  413: ErrorBody,
  415: ErrorBody,
} as const;
