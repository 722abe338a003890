/** `action.yml` as the runner reads it: the declared inputs (with defaults), outputs and entry points. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
  branding?: { icon: string; color: string };
}

export function readActionYml(): ActionYml {
  return parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
}

/**
 * The `INPUT_*` variables the runner sets from action.yml's defaults before applying `with:`. The only
 * expression a default may use here is `${{ github.token }}`, which the runner evaluates to the job's token.
 */
export function defaultInputs(githubToken: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(readActionYml().inputs)) {
    if (input.default === undefined) continue;
    const value = input.default.replace(/\$\{\{\s*github\.token\s*\}\}/g, githubToken);
    if (value.includes('${{'))
      throw new Error(`action.yml: the harness cannot evaluate the default of '${name}'`);
    env[inputVariable(name)] = value;
  }
  return env;
}

/** `INPUT_<NAME>` as the runner spells it: upper-cased, spaces to `_`, hyphens kept. */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
