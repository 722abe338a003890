/**
 * Turns a schema validation failure into one sentence that says what was wrong, where, and what is
 * expected, e.g. `body.status must be one of: pending, in_progress, ...`.
 */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  message?: string | undefined;
  params: Record<string, unknown>;
  /** The schema that failed (Ajv's `verbose` errors): its description says what is expected. */
  parentSchema?: { description?: unknown } | undefined;
}

const PART: Record<string, string> = {
  body: 'body',
  params: 'path',
  querystring: 'query',
  headers: 'header',
};

export function describeValidationError(errors: readonly SchemaError[], context: string): string {
  const error = errors[0];
  const part = PART[context] ?? context;
  if (!error) return `Invalid request ${part}`;
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const where = path ? `${part}.${path}` : part;
  switch (error.keyword) {
    case 'required':
      return `Missing required field '${String(error.params.missingProperty)}' in ${where}`;
    case 'additionalProperties':
      return `Unknown field '${String(error.params.additionalProperty)}' in ${where}; remove it or check its spelling`;
    case 'enum':
      return `${where} must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return part === 'body' && !path
        ? 'Request body must be a JSON object; send Content-Type: application/json'
        : `${where} must be ${article(String(error.params.type))}`;
    case 'pattern': {
      const description = error.parentSchema?.description;
      return `${where} ${error.message ?? 'is invalid'}${typeof description === 'string' ? `: ${description}` : ''}`;
    }
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
