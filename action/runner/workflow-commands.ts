/**
 * Workflow commands (`::error::message`) as the Actions runner parses them from stdout. Same escaping as
 * `@actions/core`: data escapes `%`, CR and LF; property values also `:` and `,`.
 */

/** One `::command key=value,...::message` line, without the line break. */
export function formatCommand(
  command: string,
  message: string,
  properties: Readonly<Record<string, string | undefined>> = {},
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** Escapes a command's message so a line break cannot end it (or start a forged command). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
