/**
 * What a failed call to the Shiplog App throws. Callers branch on the class, never on message text.
 */

/** The App answered with an error status. `message` is the App's own `error` text, verbatim. */
export class ShiplogApiError extends Error {
  override readonly name = 'ShiplogApiError';

  constructor(
    /** The HTTP status the App answered with. */
    readonly status: number,
    message: string,
    /** The App's `x-request-id`, to quote to its operator. */
    readonly requestId: string | undefined,
    /** How many times the request was sent (1 when it was not retried). */
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** No answer from the App after every retry: connection refused or reset, DNS failure, or timeout. */
export class ShiplogNetworkError extends Error {
  override readonly name = 'ShiplogNetworkError';

  constructor(
    message: string,
    /** How many times the request was sent. */
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}
