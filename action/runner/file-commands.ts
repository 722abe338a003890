/**
 * Environment files: how a step hands outputs, state and its summary to the runner. A value goes in as
 * a heredoc whose delimiter is random, so no value can end it early and inject another entry.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** Appends `name<<delimiter ... delimiter` to a `GITHUB_OUTPUT`/`GITHUB_STATE`-style file. */
export function appendKeyValue(path: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // A UUID collision is not a realistic threat, but a value that contains the delimiter must never pass.
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Refusing to write '${name}': the value contains the file-command delimiter`);
  }
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Appends text (Markdown, for `GITHUB_STEP_SUMMARY`). */
export function appendText(path: string, text: string): void {
  appendFileSync(path, text.endsWith(EOL) ? text : `${text}${EOL}`, 'utf8');
}
