/**
 * Webhook deliveries signed the way GitHub signs them.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';

/** Headers and exact body of one delivery, ready for `fetch(url, { method: 'POST', headers, body })`. */
export interface SignedWebhookRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * Builds a delivery of `event` (the `X-GitHub-Event` name, e.g. `deployment_status`; the payload carries
 * `action`). The signature (`X-Hub-Signature-256`) covers exactly the bytes of `body`; a string payload is
 * sent as is, anything else as its JSON. Each call gets a fresh `X-GitHub-Delivery` id.
 */
export async function signedWebhookRequest(
  secret: string,
  event: string,
  payload: unknown,
): Promise<SignedWebhookRequest> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/shiplog-test',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  };
}
