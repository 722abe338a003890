/**
 * Turns OpenAPI 3.0 schema objects into JSON Schema that Ajv understands.
 *
 * @packageDocumentation
 */
import { isRecord } from './json.js';

/** A JSON Schema object (after conversion) or an OpenAPI schema object (before). */
export type SchemaObject = Record<string, unknown>;

/** Keywords that carry documentation only; dropped to keep the compiled spec small. */
const DOCUMENTATION_KEYS = new Set(['description', 'example', 'examples', 'externalDocs', 'title']);

/**
 * Converts an OpenAPI 3.0 schema into JSON Schema (draft-07 as Ajv reads it).
 *
 * - `nullable: true` is not JSON Schema: the schema becomes `anyOf: [schema, {type: 'null'}]`, and a nullable
 *   `enum` also gets `null` added to its values (GitHub sends `null` for them).
 * - Every `$ref` goes through `rewriteRef`, so that the caller can point it at wherever it registers the
 *   referenced schema (and learn which schemas are needed).
 * - A string `default` is accepted even when it fails the schema's `format`: `deployment-status` documents
 *   `target_url`, `log_url` and `environment_url` as `format: uri` with `default: ""`, and GitHub does send `""`.
 * - Documentation keywords and `x-` extensions are dropped.
 */
export function toJsonSchema(schema: unknown, rewriteRef: (ref: string) => string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, rewriteRef));
  if (!isRecord(schema)) return schema;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOCUMENTATION_KEYS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = rewriteRef(value);
    } else if ((key === 'properties' || key === 'patternProperties') && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toJsonSchema(property, rewriteRef)]),
      );
    } else {
      out[key] = toJsonSchema(value, rewriteRef);
    }
  }
  const withDefault =
    typeof out.format === 'string' && typeof out.default === 'string'
      ? { anyOf: [out, { const: out.default }] }
      : out;
  if (schema.nullable !== true) return withDefault;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return { anyOf: [withDefault, { type: 'null' }] };
}
