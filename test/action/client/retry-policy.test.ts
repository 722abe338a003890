import { describe, expect, it } from '@jest/globals';
import { isRetryableStatus, parseRetryAfter, retryDelay } from '../../../shared/client/retry-policy.js';

const policy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

describe('retry policy', () => {
  it('retries 5xx and 429, never another 4xx', () => {
    expect([500, 502, 503, 429].map(isRetryableStatus)).toEqual([true, true, true, true]);
    expect([400, 401, 404, 409, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false]);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelay(policy, retry, null, 0, top))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect(retryDelay(policy, 3, null, 0, () => 0)).toBe(0);
  });

  it("follows the server's Retry-After (seconds or date), within the cap", () => {
    expect(retryDelay(policy, 1, '2', 0)).toBe(2000);
    expect(retryDelay(policy, 1, '120', 0)).toBe(8000);
    expect(retryDelay(policy, 1, new Date(5_000).toUTCString(), 1_000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
