/**
 * Failures a test injects with `stub.fail(operationId, status, times)`.
 *
 * @packageDocumentation
 */
import { STATUS_CODES } from 'node:http';

/** The messages GitHub sends with these statuses. */
const GITHUB_MESSAGES: Record<number, string> = {
  400: 'Problems parsing JSON',
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  422: 'Validation Failed',
  429: 'API rate limit exceeded',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

/** The message GitHub pairs with a status. */
export function githubMessage(status: number): string {
  return GITHUB_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error';
}

interface Failure {
  status: number;
  remaining: number;
}

/** Pending injected failures, by operationId. */
export class FailureRegistry {
  readonly #failures = new Map<string, Failure>();

  /** Makes the next `times` calls (default: every call until {@link clear}) answer `status`. */
  add(operationId: string, status: number, times = Number.POSITIVE_INFINITY): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`fail() needs an error status (4xx/5xx), got ${status}`);
    }
    this.#failures.set(operationId, { status, remaining: times });
  }

  /** Consumes one failure for the operation, if any, and returns its status. */
  take(operationId: string): number | undefined {
    const failure = this.#failures.get(operationId);
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.#failures.delete(operationId);
    return failure.status;
  }

  /** Forgets every pending failure. */
  clear(): void {
    this.#failures.clear();
  }
}
