import type { FastifyPluginAsync } from 'fastify';
import { Health } from '../../../shared/api/schemas.js';

/** `GET /healthz`: liveness, and whether GitHub is configured. Unauthenticated. */
export const healthRoutes: FastifyPluginAsync<{ github: boolean }> = async (app, { github }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Liveness', security: [], response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      github: github ? ('configured' as const) : ('unconfigured' as const),
    }),
  );
};
