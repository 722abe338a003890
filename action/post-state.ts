/**
 * What the main step saves (`GITHUB_STATE`) for the post step: which deployment to close. Secrets are
 * never saved; the post step reads the token input again or requests a new OIDC token.
 */
import { StateError } from './errors.js';
import { messages } from './messages.js';

/** The state entry's name; the post step reads it as `STATE_deployment`. */
export const POST_STATE_NAME = 'deployment';

/** The deployment the post step closes. */
export interface PostState {
  readonly url: string;
  readonly project: string;
  readonly environment: string;
  readonly version: string;
  readonly deploymentId: number;
}

export const encodePostState = (state: PostState): string => JSON.stringify(state);

/** The saved state; undefined when the main step saved none (nothing to close). */
export function decodePostState(raw: string): PostState | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new StateError(messages.invalidState('not JSON'));
  }
  if (!isPostState(value)) throw new StateError(messages.invalidState('fields missing'));
  return value;
}

function isPostState(value: unknown): value is PostState {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    ['url', 'project', 'environment', 'version'].every((key) => typeof record[key] === 'string') &&
    Number.isInteger(record.deploymentId)
  );
}
