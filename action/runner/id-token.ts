/**
 * Requests the job's GitHub OIDC ID token from the runner's token service, as `core.getIDToken()` does:
 * `ACTIONS_ID_TOKEN_REQUEST_URL` plus `&audience=...`, authenticated with
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. Both are set only when the job has `permissions: id-token: write`.
 */
import { ShiplogApiError, ShiplogNetworkError } from '../../shared/client/errors.js';
import type { FetchLike } from '../../shared/client/fetch-like.js';
import type { RetryPolicy } from '../../shared/client/retry-policy.js';
import { describeNetworkError, send } from '../../shared/client/send.js';
import { messages } from '../messages.js';

/** The ID token could not be obtained; the message says why and how to fix it. */
export class IdTokenError extends Error {
  override readonly name = 'IdTokenError';
}

/** What {@link requestIdToken} needs from its surroundings. */
export interface IdTokenRequest {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly audience: string;
  readonly policy: RetryPolicy;
  readonly fetch: FetchLike;
  readonly sleep: (ms: number) => Promise<void>;
}

const TIMEOUT_MS = 30_000;

/**
 * The raw JWT. Sent through the App client's {@link send}, so it is retried the same way: network
 * errors, 5xx and 429, after `Retry-After` when the service gives one.
 */
export async function requestIdToken(request: IdTokenRequest): Promise<string> {
  const { env, audience, policy } = request;
  const serviceUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const serviceToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!serviceUrl || !serviceToken) throw new IdTokenError(messages.idTokenUnavailable);
  const url = new URL(serviceUrl);
  url.searchParams.set('audience', audience);

  let body: unknown;
  try {
    ({ body } = await send<unknown>(
      {
        method: 'GET',
        url: url.href,
        headers: { authorization: `Bearer ${serviceToken}`, accept: 'application/json' },
      },
      { fetch: request.fetch, policy, timeoutMs: TIMEOUT_MS, sleep: request.sleep },
    ));
  } catch (error) {
    if (error instanceof ShiplogApiError) {
      // A success whose body is not JSON, or a refusal.
      if (error.status < 300) throw new IdTokenError(messages.idTokenMalformed);
      throw new IdTokenError(messages.idTokenRefused(`HTTP ${error.status}`));
    }
    if (error instanceof ShiplogNetworkError) {
      throw new IdTokenError(messages.idTokenRefused(describeNetworkError(error.cause, TIMEOUT_MS)));
    }
    throw error;
  }
  return tokenFrom(body);
}

function tokenFrom(body: unknown): string {
  const value = typeof body === 'object' && body !== null && 'value' in body ? body.value : undefined;
  if (typeof value !== 'string' || value === '') throw new IdTokenError(messages.idTokenMalformed);
  return value;
}
