/**
 * Validates webhook bodies against GitHub's official webhook schemas (`@octokit/openapi-webhooks`), so a
 * test can only send what GitHub could send.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, Validate>();

function load(): Ajv2020 {
  if (ajv) return ajv;
  const path = createRequire(import.meta.url).resolve(
    '@octokit/openapi-webhooks/generated/api.github.com.json',
  );
  const spec = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormatsModule as unknown as { default: (a: Ajv2020) => void }).default(ajv);
  ajv.addSchema({ ...spec, $id: 'webhooks.json' });
  return ajv;
}

/** Problems of `payload` as the body of `event` (`deployment_status`) with its `action`; empty when valid. */
export function webhookPayloadProblems(event: string, payload: Record<string, unknown>): string[] {
  const action = typeof payload.action === 'string' ? `-${payload.action.replace(/_/g, '-')}` : '';
  const name = `${event.replace(/_/g, '-')}${action}`;
  let validate = compiled.get(name);
  if (!validate) {
    const ref = `webhooks.json#/webhooks/${name}/post/requestBody/content/application~1json/schema`;
    validate = load().compile({ $ref: ref }) as Validate;
    compiled.set(name, validate);
  }
  if (validate(payload)) return [];
  return (validate.errors ?? [])
    .slice(0, 10)
    .map((e) => `${name}${e.instancePath}: ${e.message ?? 'invalid'}`);
}
