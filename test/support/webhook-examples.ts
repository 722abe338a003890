/** Realistic webhook bodies from `@octokit/webhooks-examples` (GitHub's own examples). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface ExampleEntry {
  name: string;
  examples: Record<string, unknown>[];
}

let index: ExampleEntry[] | undefined;

/** The first example of `event` whose `action` is `action` (or the first example at all). */
export function webhookExample(event: string, action?: string): Record<string, unknown> {
  index ??= JSON.parse(
    readFileSync(
      createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json'),
      'utf8',
    ),
  ) as ExampleEntry[];
  const entry = index.find((candidate) => candidate.name === event);
  const example = entry?.examples.find((e) => action === undefined || e.action === action);
  if (!example)
    throw new Error(`no @octokit/webhooks-examples example for ${event}${action ? `.${action}` : ''}`);
  return structuredClone(example);
}
