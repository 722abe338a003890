/**
 * GitHub's published REST API description (`@octokit/openapi`), loaded once and compiled lazily with Ajv.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { cloneJson, isRecord } from './json.js';
import { toJsonSchema, type SchemaObject } from './openapi-schema.js';

/** The spec file read: only this one (the package index would load all ten variants). */
const SPEC_MODULE = '@octokit/openapi/generated/api.github.com.json';
/** How the spec refers to a component schema. */
const COMPONENT_REF = '#/components/schemas/';
/** Base of the ids under which component schemas are registered in Ajv, one by one, when first needed. */
const SCHEMA_ID_BASE = 'https://api.github.com/schemas/';
const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** A path, query or header parameter of an operation. */
export interface OperationParameter {
  name: string;
  in: string;
  required: boolean;
  /** OpenAPI schema of the value, as the spec writes it. */
  schema: SchemaObject | undefined;
  /** Spec flag `x-multi-segment`: the path parameter may contain `/` (refs, file paths). */
  multiSegment: boolean;
}

/** One documented response of an operation. */
export interface OperationResponse {
  /** Media types the spec lists for it (empty for bodiless responses such as 204). */
  contentTypes: string[];
  /** OpenAPI schema of the `application/json` body, if any. */
  jsonSchema: unknown;
  /** The first `application/json` example, if any. */
  example: unknown;
}

/** One REST operation (method + path template) of the spec. */
export interface Operation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template, e.g. `/repos/{owner}/{repo}/commits/{ref}`. */
  template: string;
  /** Docs page, used as `documentation_url` in error bodies. */
  documentationUrl: string;
  parameters: OperationParameter[];
  requestBody: { required: boolean; jsonSchema: unknown } | undefined;
  /** Keyed by status code as a string (`'200'`, `'404'`). */
  responses: Record<string, OperationResponse>;
}

/** The loaded spec with lazily compiled validators. */
export interface GitHubSpec {
  /** Version of GitHub's description (`info.version`). */
  version: string;
  operations: readonly Operation[];
  operation(operationId: string): Operation | undefined;
  /** Validator for the operation's JSON request body, or undefined when it declares none. */
  requestValidator(operation: Operation): ValidateFunction | undefined;
  /** The request body's schema converted to JSON Schema, or undefined when it declares none. */
  requestSchema(operation: Operation): SchemaObject | undefined;
  /** Validator for the JSON body of the given response status, or undefined when the spec declares none. */
  responseValidator(operation: Operation, status: number): ValidateFunction | undefined;
  /** The target of a `$ref` in a converted schema, or the schema itself when it is not a ref. */
  resolveSchema(schema: unknown): SchemaObject | undefined;
  /** Deep copy of the spec's first JSON example for that response (throws when there is none). */
  example(operationId: string, status: number): unknown;
  /** Ajv's error list as one line. */
  errorsText(errors: ErrorObject[] | null | undefined, dataVar: string): string;
}

type OpenApiDocument = {
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

let cached: GitHubSpec | undefined;

/** Loads and prepares the spec; cached for the lifetime of the module (one load per test file under Jest). */
export function loadGitHubSpec(): GitHubSpec {
  cached ??= createSpec();
  return cached;
}

function createSpec(): GitHubSpec {
  const file = createRequire(import.meta.url).resolve(SPEC_MODULE);
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormatsModule.default(ajv);
  // OpenAPI's and GitHub's own formats: accepted as annotations.
  for (const format of ['int32', 'int64', 'double', 'repo.nwo', 'binary', 'timestamp']) {
    ajv.addFormat(format, true);
  }

  // Converting and registering all ~1,000 component schemas up front costs ~0.4 s; an operation needs a few
  // dozen, so each is converted and added to Ajv the first time a converted schema refers to it.
  const components = document.components.schemas ?? {};
  const registered = new Map<string, SchemaObject>();
  const convert = (schema: unknown): SchemaObject =>
    toJsonSchema(schema, (ref) => {
      const name = ref.startsWith(COMPONENT_REF) ? ref.slice(COMPONENT_REF.length) : undefined;
      if (name === undefined || !component(name))
        throw new Error(`Unsupported $ref in GitHub's spec: ${ref}`);
      return `${SCHEMA_ID_BASE}${name}`;
    }) as SchemaObject;
  const component = (name: string): SchemaObject | undefined => {
    const known = registered.get(name);
    if (known || !(name in components)) return known;
    const entry: SchemaObject = { $id: `${SCHEMA_ID_BASE}${name}` };
    registered.set(name, entry); // before converting: component schemas are recursive
    entry.allOf = [convert(components[name])];
    ajv.addSchema(entry);
    return entry;
  };

  /** Follows a `#/components/...` reference inside the raw document. */
  const deref = (value: unknown): unknown => {
    if (!isRecord(value) || typeof value.$ref !== 'string') return value;
    let target: unknown = document;
    for (const key of value.$ref.slice(2).split('/')) target = isRecord(target) ? target[key] : undefined;
    return deref(target);
  };

  const operations = collectOperations(document, deref);
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const converted = new Map<string, SchemaObject | undefined>();
  const validators = new Map<string, ValidateFunction | undefined>();
  const schemaFor = (key: string, schema: unknown): SchemaObject | undefined => {
    if (!converted.has(key)) converted.set(key, schema === undefined ? undefined : convert(schema));
    return converted.get(key);
  };
  const validatorFor = (key: string, schema: unknown): ValidateFunction | undefined => {
    if (!validators.has(key)) {
      const jsonSchema = schemaFor(key, schema);
      validators.set(key, jsonSchema && ajv.compile(jsonSchema));
    }
    return validators.get(key);
  };
  const requestKey = (operation: Operation) => `${operation.operationId} request`;
  const responseKey = (operation: Operation, status: number) => `${operation.operationId} ${status}`;

  return {
    version: document.info.version,
    operations,
    operation: (operationId) => byId.get(operationId),
    requestValidator: (operation) => validatorFor(requestKey(operation), operation.requestBody?.jsonSchema),
    requestSchema: (operation) => schemaFor(requestKey(operation), operation.requestBody?.jsonSchema),
    responseValidator: (operation, status) =>
      validatorFor(responseKey(operation, status), operation.responses[String(status)]?.jsonSchema),
    resolveSchema(schema) {
      if (!isRecord(schema)) return undefined;
      const ref = schema.$ref;
      if (typeof ref !== 'string') return schema;
      return ref.startsWith(SCHEMA_ID_BASE) ? component(ref.slice(SCHEMA_ID_BASE.length)) : undefined;
    },
    example(operationId, status) {
      const example = byId.get(operationId)?.responses[String(status)]?.example;
      if (example === undefined) throw new Error(`The spec has no example for ${operationId} ${status}`);
      return cloneJson(example);
    },
    errorsText: (errors, dataVar) => ajv.errorsText(errors, { dataVar }),
  };
}

function collectOperations(document: OpenApiDocument, deref: (value: unknown) => unknown): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!isRecord(raw) || typeof raw.operationId !== 'string') continue;
      const docs = isRecord(raw.externalDocs) ? raw.externalDocs.url : undefined;
      operations.push({
        operationId: raw.operationId,
        method: method.toUpperCase(),
        template,
        documentationUrl: typeof docs === 'string' ? docs : 'https://docs.github.com/rest',
        parameters: readParameters(raw.parameters, deref),
        requestBody: readRequestBody(deref(raw.requestBody)),
        responses: readResponses(raw.responses, deref),
      });
    }
  }
  return operations;
}

function readParameters(parameters: unknown, deref: (value: unknown) => unknown): OperationParameter[] {
  if (!Array.isArray(parameters)) return [];
  return parameters
    .map(deref)
    .filter(isRecord)
    .map((parameter) => ({
      name: String(parameter.name),
      in: String(parameter.in),
      required: parameter.required === true,
      schema: isRecord(parameter.schema) ? parameter.schema : undefined,
      multiSegment: parameter['x-multi-segment'] === true,
    }));
}

function readRequestBody(body: unknown): Operation['requestBody'] {
  if (!isRecord(body) || !isRecord(body.content)) return undefined;
  const json = body.content['application/json'];
  return { required: body.required === true, jsonSchema: isRecord(json) ? json.schema : undefined };
}

function readResponses(
  responses: unknown,
  deref: (value: unknown) => unknown,
): Record<string, OperationResponse> {
  const out: Record<string, OperationResponse> = {};
  if (!isRecord(responses)) return out;
  for (const [status, rawResponse] of Object.entries(responses)) {
    const response = deref(rawResponse);
    const content = isRecord(response) && isRecord(response.content) ? response.content : {};
    const json = content['application/json'];
    const examples = isRecord(json) && isRecord(json.examples) ? Object.values(json.examples) : [];
    const example = deref(examples[0]);
    out[status] = {
      contentTypes: Object.keys(content),
      jsonSchema: isRecord(json) ? json.schema : undefined,
      example: isRecord(example) ? example.value : undefined,
    };
  }
  return out;
}
