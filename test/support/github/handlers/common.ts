/**
 * Helpers for default handlers.
 *
 * @packageDocumentation
 */
import type { StubContext, StubRequest, StubResponse } from '../handler-types.js';
import { findRepo, type FoundRepo } from '../state.js';

/** The repository named by the `{owner}`/`{repo}` path parameters, or GitHub's 404. */
export function requireRepo(request: StubRequest, context: StubContext): FoundRepo | StubResponse {
  const found = findRepo(context.state, request.params.owner ?? '', request.params.repo ?? '');
  return found ?? context.error(404, 'Not Found');
}

/** Narrows a lookup result to the error response it may be. */
export function isResponse(value: object): value is StubResponse {
  return 'status' in value && typeof value.status === 'number';
}

/** API URL of a repository. */
export function repoApiUrl(context: StubContext, found: FoundRepo): string {
  return `${context.apiUrl}/repos/${found.fullName}`;
}

/** Web URL of a repository. */
export function repoWebUrl(context: StubContext, found: FoundRepo): string {
  return `${context.webUrl}/${found.fullName}`;
}
