/**
 * Requests the job's GitHub OIDC ID token from the runner's token service, as `core.getIDToken()` does:
 * `ACTIONS_ID_TOKEN_REQUEST_URL` plus `&audience=...`, authenticated with
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. Both are set only when the job has `permissions: id-token: write`.
 */
import type { FetchLike } from '../../shared/client/fetch-like.js';
import { isRetryableStatus, retryDelay, type RetryPolicy } from '../../shared/client/retry-policy.js';
import { describeNetworkError } from '../../shared/client/send.js';
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

/** The raw JWT; retried like the App's requests on network errors, 5xx and 429. */
export async function requestIdToken(request: IdTokenRequest): Promise<string> {
  const { env, audience, policy } = request;
  const serviceUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const serviceToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!serviceUrl || !serviceToken) throw new IdTokenError(messages.idTokenUnavailable);
  const url = new URL(serviceUrl);
  url.searchParams.set('audience', audience);

  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const response = await request.fetch(url.href, {
        headers: { authorization: `Bearer ${serviceToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.ok) return tokenFrom(text);
      failure = `HTTP ${response.status}`;
      if (!isRetryableStatus(response.status)) throw new IdTokenError(messages.idTokenRefused(failure));
    } catch (error) {
      if (error instanceof IdTokenError) throw error;
      failure = describeNetworkError(error, TIMEOUT_MS);
    }
    if (attempt > policy.retries) throw new IdTokenError(messages.idTokenRefused(failure));
    await request.sleep(retryDelay(policy, attempt));
  }
}

function tokenFrom(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const value = typeof body === 'object' && body !== null && 'value' in body ? body.value : undefined;
  if (typeof value !== 'string' || value === '') throw new IdTokenError(messages.idTokenMalformed);
  return value;
}
