/**
 * Sends a webhook to the running App the way GitHub does: a body valid against GitHub's webhook schema,
 * signed with the App's secret over its exact bytes.
 */
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { WEBHOOK_SECRET, type TestApp } from './app.js';
import { webhookPayloadProblems } from './github/webhook-schemas.js';

export async function deliver(
  app: TestApp,
  event: string,
  payload: Record<string, unknown>,
  deliveryId: string = randomUUID(),
): Promise<Response> {
  const problems = webhookPayloadProblems(event, payload);
  if (problems.length > 0) throw new Error(`not a payload GitHub could send:\n${problems.join('\n')}`);
  const body = JSON.stringify(payload);
  return fetch(`${app.url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': await sign(WEBHOOK_SECRET, body),
    },
    body,
  });
}
