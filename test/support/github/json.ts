/**
 * Small JSON helpers shared by the GitHub stub.
 *
 * @packageDocumentation
 */

/** Any value `JSON.parse` can return. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True when `value` is a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of JSON data. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
