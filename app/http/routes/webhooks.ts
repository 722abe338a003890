/**
 * `POST /api/github/webhooks`: GitHub's deliveries, verified against WEBHOOK_SECRET and handed to
 * Probot. The signature covers the exact bytes, so this route keeps the body as a string.
 */
import type { FastifyPluginAsync } from 'fastify';

/** The part of Probot's webhooks the route needs. */
export interface WebhookReceiver {
  verifyAndReceive(event: { id: string; name: string; signature: string; payload: string }): Promise<void>;
}

const header = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

export const webhookRoutes: FastifyPluginAsync<{ receiver: WebhookReceiver | undefined }> = async (
  app,
  { receiver },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 25 * 1024 * 1024 }, (_request, body, done) =>
    done(null, body),
  );

  app.post('/api/github/webhooks', { schema: { hide: true } }, async (request, reply) => {
    if (!receiver) {
      return reply.status(503).send({
        error: 'GitHub is not configured: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET',
      });
    }
    const id = header(request.headers['x-github-delivery']);
    const name = header(request.headers['x-github-event']);
    const signature = header(request.headers['x-hub-signature-256']);
    if (!id || !name || !signature) {
      return reply.status(400).send({
        error: 'A GitHub webhook needs the X-GitHub-Delivery, X-GitHub-Event and X-Hub-Signature-256 headers',
      });
    }
    try {
      await receiver.verifyAndReceive({ id, name, signature, payload: String(request.body ?? '') });
    } catch (error) {
      if (/signature does not match/i.test(String((error as Error).message))) {
        request.log.warn({ delivery: id, event: name }, 'webhook signature mismatch');
        return reply.status(400).send({
          error:
            "Webhook signature does not match: verify that the App's webhook secret matches WEBHOOK_SECRET",
        });
      }
      request.log.error({ err: error, delivery: id, event: name }, 'webhook handler failed');
      return reply.status(500).send({ error: `Handling ${name} delivery ${id} failed; see the App's logs` });
    }
    return reply.status(200).send({ ok: true });
  });
};
