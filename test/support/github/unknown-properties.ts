/**
 * Finds object properties a schema does not declare.
 *
 * Only 20 of GitHub's 342 request schemas forbid unknown properties, and GitHub itself ignores them, so a
 * misspelt field (`environmnt`) would pass schema validation silently. This check makes it visible.
 *
 * @packageDocumentation
 */
import { isRecord } from './json.js';
import type { SchemaObject } from './openapi-schema.js';

/** Resolves a `$ref` schema to its target (identity for other schemas). */
export type SchemaResolver = (schema: unknown) => SchemaObject | undefined;

interface ObjectShape {
  /** Declared property name -> every schema that declares it (across allOf/anyOf/oneOf branches). */
  properties: Map<string, SchemaObject[]>;
  /** The object accepts arbitrary keys (a map, or a free-form object). */
  open: boolean;
  /** Item schemas, for arrays. */
  items: SchemaObject[];
}

/**
 * Returns the JSON pointers (`/output/titel`) of properties in `value` that no branch of `schema` declares.
 * Objects whose schema declares no properties at all, or allows a schema for additional properties, are
 * free-form and not checked.
 */
export function findUnknownProperties(
  value: unknown,
  schema: SchemaObject,
  resolve: SchemaResolver,
): string[] {
  const found: string[] = [];
  walk(value, [schema], '', resolve, found);
  return found;
}

function walk(
  value: unknown,
  schemas: SchemaObject[],
  pointer: string,
  resolve: SchemaResolver,
  found: string[],
) {
  const shape: ObjectShape = { properties: new Map(), open: false, items: [] };
  for (const schema of schemas) collect(schema, resolve, shape, new Set());
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, shape.items, `${pointer}/${index}`, resolve, found));
    return;
  }
  if (!isRecord(value)) return;
  const checkKeys = !shape.open && shape.properties.size > 0;
  for (const [key, child] of Object.entries(value)) {
    const declared = shape.properties.get(key);
    if (declared) walk(child, declared, `${pointer}/${key}`, resolve, found);
    else if (checkKeys) found.push(`${pointer}/${key}`);
  }
}

function collect(raw: SchemaObject, resolve: SchemaResolver, shape: ObjectShape, seen: Set<SchemaObject>) {
  const schema = resolve(raw);
  if (!schema || seen.has(schema)) return;
  seen.add(schema);
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (!isRecord(property)) continue;
    shape.properties.set(name, [...(shape.properties.get(name) ?? []), property]);
  }
  const additional = schema.additionalProperties;
  // `additionalProperties: true` next to declared properties is generator noise in GitHub's spec (e.g. the
  // anyOf branches of checks/update); only a schema for extra keys, or a property-less object, is a real map.
  if (isRecord(additional) && Object.keys(additional).length > 0) shape.open = true;
  if (additional === true && !properties) shape.open = true;
  if (isRecord(schema.patternProperties)) shape.open = true;
  const combined = ['allOf', 'anyOf', 'oneOf'].some((keyword) => keyword in schema);
  if (schema.type === 'object' && !properties && !combined) shape.open = true;
  if (isRecord(schema.items)) shape.items.push(schema.items);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) if (isRecord(branch)) collect(branch, resolve, shape, seen);
  }
}
