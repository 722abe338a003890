/**
 * Checks requests and responses against the operation's description in GitHub's spec. Each check returns
 * the problems it found (empty when the message is valid).
 *
 * @packageDocumentation
 */
import type { StubResponse } from './handler-types.js';
import type { GitHubSpec, Operation } from './spec.js';
import { findUnknownProperties } from './unknown-properties.js';

/** Query parameters the operation does not declare (GitHub ignores them, so a typo would go unnoticed). */
export function checkQuery(operation: Operation, query: Record<string, string>): string[] {
  const declared = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  return Object.keys(query)
    .filter((name) => !declared.has(name))
    .map((name) => `unknown query parameter "${name}"`);
}

/** Path parameters that do not fit their schema (an integer id that is not digits is a 404 on GitHub). */
export function checkPathParams(operation: Operation, params: Record<string, string>): string[] {
  return operation.parameters
    .filter((p) => p.in === 'path' && p.schema?.type === 'integer' && !/^\d+$/.test(params[p.name] ?? ''))
    .map((p) => `path parameter ${p.name}="${params[p.name] ?? ''}" is not an integer`);
}

/**
 * Validates a request body against the operation's JSON schema, and reports properties the schema does not
 * declare. A body sent to an operation that takes none is reported too.
 */
export function checkRequestBody(spec: GitHubSpec, operation: Operation, body: unknown): string[] {
  const schema = spec.requestSchema(operation);
  if (!schema) {
    const empty =
      body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
    return empty ? [] : ['request body sent to an operation that takes none'];
  }
  if (body === undefined && !operation.requestBody?.required) return [];
  const validate = spec.requestValidator(operation);
  const value = body ?? {};
  if (validate && !validate(value)) return [`request body: ${spec.errorsText(validate.errors, 'body')}`];
  return findUnknownProperties(value, schema, spec.resolveSchema).map(
    (pointer) =>
      `request body: unknown property ${pointer} (not in the spec; GitHub would silently ignore it)`,
  );
}

/** Validates what the stub is about to send against the spec's response for that status. */
export function checkResponse(spec: GitHubSpec, operation: Operation, response: StubResponse): string[] {
  const declared = operation.responses[String(response.status)];
  if (!declared) {
    const success = response.status >= 200 && response.status < 300;
    return success
      ? [`status ${response.status} is not a documented response of ${operation.operationId}`]
      : [];
  }
  // Raw media types (file contents) are not described by the spec.
  if (response.raw !== undefined) return [];
  const validate = spec.responseValidator(operation, response.status);
  if (!validate) {
    return response.body === undefined || declared.contentTypes.length > 0
      ? []
      : [`response ${response.status} has a body, the spec declares none`];
  }
  if (response.body === undefined) return [`response ${response.status} has no body, the spec declares JSON`];
  if (validate(response.body)) return [];
  return [`response ${response.status}: ${spec.errorsText(validate.errors, 'response')}`];
}
