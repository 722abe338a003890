/**
 * When and how long to wait before sending a request again. Pure: the clock and the random source are
 * parameters, so the schedule is unit-testable.
 */

/** How persistently a request is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly retries: number;
  /** The delay cap of the first retry, doubled for each further one (exponential backoff). */
  readonly baseDelayMs: number;
  /** No single wait is longer than this, `Retry-After` included. */
  readonly maxDelayMs: number;
}

/** Up to 4 attempts over ~7 s at worst: long enough for an App restart, short enough for a CI step. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Statuses worth sending again: the App or a proxy in front of it was briefly unable to answer. A 4xx
 * other than 429 is the request's own fault and would fail the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait before retry number `retry` (1-based): "full jitter" backoff, a random delay up to
 * `baseDelayMs * 2^(retry-1)`, so that many clients retrying together spread out. A server's
 * `Retry-After` (seconds or an HTTP date) wins when given, within `maxDelayMs`.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfter: string | null = null,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const requested = parseRetryAfter(retryAfter, now);
  if (requested !== undefined) return Math.min(requested, policy.maxDelayMs);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * cap);
}

/** `Retry-After` in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
