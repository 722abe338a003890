/**
 * Builds the Fastify server: logging with request ids and redaction, schema validation, the error
 * format, the OpenAPI document, and the route groups. Nothing here decides anything.
 */
import { randomBytes } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { handleError } from './error-handler.js';
import { healthRoutes } from './routes/health.js';
import { managementRoutes } from './routes/management.js';
import { releaseRoutes } from './routes/aviator/releases.js';
import { deploymentRoutes } from './routes/aviator/deployments.js';
import { approvalRoutes } from './routes/approvals.js';
import { lockRoutes } from './routes/locks.js';
import { webhookRoutes, type WebhookReceiver } from './routes/webhooks.js';
import { loggableUrl, requestLoggerFactory } from './request-logger.js';
import { BODY_LIMIT_BYTES, MAX_PATH_SEGMENT } from './limits.js';
import { clientErrorHandler, frameworkErrors, parseJsonBody, validatorCompiler } from './request-input.js';
import { ResponseCache, type ResponseCacheOptions } from './response-cache.js';
import type { Services } from './services.js';

export interface ServerOptions {
  readonly services: Services;
  readonly logger: Logger;
  /** Undefined while GitHub is not configured: the webhook route then answers 503. */
  readonly webhooks: WebhookReceiver | undefined;
  /** Reuse of read answers while the store is unchanged. */
  readonly responseCache: ResponseCacheOptions;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Request ids for requests that bring none: this process's random prefix (48 bits) and a sequence number
 * in base 36 (`k3Jx9QaB-1`, `k3Jx9QaB-2`...). Unique across restarts and processes for every practical
 * purpose, without making a UUID per request.
 */
function requestIds(): () => string {
  const prefix = randomBytes(6).toString('base64url');
  let sequence = 0;
  return () => `${prefix}-${(++sequence).toString(36)}`;
}

export async function buildServer({
  services,
  logger,
  webhooks,
  responseCache,
}: ServerOptions): Promise<FastifyInstance> {
  const nextRequestId = requestIds();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // A request's pino child is made only when it writes a line (most requests write none).
    childLoggerFactory: requestLoggerFactory,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : nextRequestId();
    },
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    frameworkErrors,
    clientErrorHandler: clientErrorHandler(logger as FastifyBaseLogger),
    // One line per request (below) instead of Fastify's two: half the logging cost on the hot path.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());
  // JSON only: a text/plain body is a 415 like any other type, not a string that fails the body schema.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJsonBody);

  app.decorateRequest('principal', undefined as never);
  app.decorateRequest('responseCache', null);
  const cache = new ResponseCache(responseCache);
  // Callback-style hooks: no promise per request on the hot path.
  const logRequests = logger.isLevelEnabled('info');
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  if (logRequests) {
    // Written by the App logger with the request id as a field: a per-request child logger (see
    // request-logger.ts) is made only for the lines handlers write.
    app.addHook('onResponse', (request, reply, done) => {
      logger.info(
        {
          reqId: request.id,
          method: request.method,
          url: loggableUrl(request.url),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
      done();
    });
  }
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: `No endpoint ${request.method} ${request.url.split('?')[0]}; the API is described at /api/openapi.json`,
    }),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Shiplog API',
        version: '1',
        description: 'Releases, release candidates and deployments of GitHub repositories.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A project API token or the admin token.' },
        },
      },
      security: [{ bearer: [] }],
    },
  });

  await app.register(healthRoutes, { github: webhooks !== undefined });
  await app.register(managementRoutes, { services });
  await app.register(releaseRoutes, { services, cache });
  await app.register(deploymentRoutes, { services, cache });
  await app.register(approvalRoutes, { services });
  await app.register(lockRoutes, { services });
  await app.register(webhookRoutes, { receiver: webhooks });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
