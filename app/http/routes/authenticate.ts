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

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
} as const;
