/**
 * Turns anything thrown into the one message that fails the step: what went wrong, in the App's own
 * words when the App answered, and a hint to fix it. A thrown non-Error still fails the step.
 */
import { ShiplogApiError, ShiplogNetworkError } from '../shared/client/errors.js';
import { messages } from './messages.js';

/** How the failing step had authenticated, for the hints. */
export interface FailureContext {
  readonly authentication: 'token' | 'oidc' | undefined;
  readonly repository: string | undefined;
}

/** The step's failure message. */
export function describeFailure(error: unknown, context: FailureContext): string {
  if (error instanceof ShiplogApiError) {
    const what = messages.appError(error.message, error.status, error.requestId);
    const hint = hintFor(error, context);
    return hint ? `${what}\n${hint}` : what;
  }
  if (error instanceof ShiplogNetworkError) return `${error.message}\n${messages.hintNetwork}`;
  if (error instanceof Error) return error.message || error.name;
  return messages.nonError(stringify(error));
}

function hintFor(error: ShiplogApiError, context: FailureContext): string | undefined {
  const oidc = context.authentication === 'oidc';
  if (error.status === 401) return oidc ? messages.hint401oidc : messages.hint401token;
  if (error.status === 404) return oidc ? messages.hint404oidc(context.repository) : messages.hint404token;
  if (error.status === 409) return messages.hint409;
  if (error.status === 422) return messages.hint422;
  if (error.status >= 500) return messages.hint5xx(error.attempts);
  return undefined;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
