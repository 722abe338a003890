/**
 * Sends one request to the App with retries: network errors, timeouts, 5xx and 429 are retried with
 * exponential backoff; anything else settles at once. Callers make retries safe (an idempotency key,
 * or a naturally idempotent request); this layer only decides when to send again.
 */
import { ShiplogApiError, ShiplogNetworkError } from './errors.js';
import type { FetchLike, FetchResponse } from './fetch-like.js';
import { clientMessages } from './messages.js';
import { isRetryableStatus, retryDelay, type RetryPolicy } from './retry-policy.js';

/** Told before each wait, so a caller can log why a request is being sent again. */
export interface RetryNotice {
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  /** `HTTP 502` or the network error, e.g. `ECONNREFUSED`. */
  readonly reason: string;
}

/** How requests are sent. */
export interface Transport {
  readonly fetch: FetchLike;
  readonly policy: RetryPolicy;
  /** Per attempt, from sending to the whole body read. */
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** One request, fully prepared by the caller. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A successful answer with its parsed JSON body. */
export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: FetchResponse['headers'];
  readonly body: T;
  /** How many times the request was sent. */
  readonly attempts: number;
}

type Attempt =
  | { readonly kind: 'answered'; readonly response: FetchResponse; readonly text: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly error: unknown };

/** Sends `request`, retrying per `transport.policy`; throws {@link ShiplogApiError} or {@link ShiplogNetworkError}. */
export async function send<T>(request: ApiRequest, transport: Transport): Promise<ApiResponse<T>> {
  const { policy } = transport;
  for (let attempt = 1; ; attempt++) {
    const result = await sendOnce(request, transport);
    const last = attempt > policy.retries;
    let retryAfter: string | null = null;
    if (result.kind === 'answered') {
      const { response, text } = result;
      if (response.ok) return parseSuccess<T>(response, text, request.url, attempt);
      if (last || !isRetryableStatus(response.status)) throw apiError(response, text, attempt);
      retryAfter = response.headers.get('retry-after');
    } else if (last) {
      const message = clientMessages.unreachable(request.url, attempt, result.reason);
      throw new ShiplogNetworkError(message, attempt, { cause: result.error });
    }
    const reason = result.kind === 'answered' ? `HTTP ${result.response.status}` : result.reason;
    const delayMs = retryDelay(policy, attempt, retryAfter);
    transport.onRetry?.({ attempt, delayMs, reason });
    await transport.sleep(delayMs);
  }
}

async function sendOnce(request: ApiRequest, transport: Transport): Promise<Attempt> {
  try {
    const response = await transport.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
    // Read the body inside the attempt: a connection cut mid-body is a network error, retried like one.
    return { kind: 'answered', response, text: await response.text() };
  } catch (error) {
    return { kind: 'failed', reason: describeNetworkError(error, transport.timeoutMs), error };
  }
}

function parseSuccess<T>(
  response: FetchResponse,
  text: string,
  url: string,
  attempts: number,
): ApiResponse<T> {
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as T, attempts };
  } catch {
    throw new ShiplogApiError(
      response.status,
      clientMessages.notJsonSuccess(response.status, url),
      response.headers.get('x-request-id') ?? undefined,
      attempts,
    );
  }
}

function apiError(response: FetchResponse, text: string, attempts: number): ShiplogApiError {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const message =
    errorText(text) ??
    clientMessages.notJsonError(
      response.status,
      response.statusText,
      response.headers.get('content-type')?.split(';')[0] ?? '',
    );
  return new ShiplogApiError(response.status, message, requestId, attempts);
}

/** The App's `{"error": "..."}` text, if that is what the body is. */
function errorText(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
      return body.error;
    }
  } catch {
    // not JSON: a proxy's page, described by the caller
  }
  return undefined;
}

/**
 * `ECONNREFUSED`, `no answer within 30000 ms`, ...: the most specific reason fetch gives. Duck-typed:
 * fetch's errors may come from another realm (a test sandbox), where `instanceof Error` is false.
 */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (name === 'TimeoutError' || name === 'AbortError') return clientMessages.timedOut(timeoutMs);
  if (typeof cause === 'object' && cause !== null) {
    const inner = cause as { code?: unknown; message?: unknown };
    if (typeof inner.code === 'string') return inner.code;
    if (typeof inner.message === 'string') return inner.message;
  }
  return typeof message === 'string' ? message : String(error);
}
