/**
 * Reads the command in a pull-request comment. One pure function: no GitHub, no store.
 *
 * A command is a line that starts with `/` or `.` (the branch-deploy spelling) and a command name; the
 * rest of the comment is free text. Lines inside fenced code blocks are not commands, so quoting one in
 * a code block (as `/help` does) runs nothing. With the `.` prefix only known names count, so an
 * ordinary line such as `.NET 8 is out` is not mistaken for a command.
 */
import { NAME_PATTERN } from '../../shared/api/schemas.js';
import { parseCandidateVersion } from '../../shared/version.js';
import { COMMAND_NAMES, COMMAND_USAGE, type Command, type CommandName, type ParseResult } from './command.js';

const COMMAND_LINE = /^([/.])([A-Za-z][A-Za-z-]*)(?:[ \t]+(.*))?$/;
const FENCE = /^ {0,3}(```|~~~)/;
const NAME = new RegExp(NAME_PATTERN);
const DURATION = /^(\d{1,5})(m|min|h|d|w)$/i;
const MINUTES_PER_UNIT: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440, w: 10080 };
/** Longest lock: thirty days; longer is almost certainly a typo. */
const MAX_LOCK_MINUTES = 30 * 1440;

const isCommandName = (name: string): name is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(name);

interface CommandLine {
  readonly text: string;
  readonly prefix: string;
  readonly name: string;
  readonly rest: string;
}

/** Finds the command lines of a comment, outside code fences. */
function commandLines(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  let fenced = false;
  for (const raw of body.split(/\r?\n/)) {
    if (FENCE.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const match = COMMAND_LINE.exec(raw.trimEnd());
    if (!match) continue;
    const [, prefix = '/', name = '', rest = ''] = match;
    if (prefix === '.' && !isCommandName(name.toLowerCase())) continue;
    found.push({ text: raw.trimEnd(), prefix, name: name.toLowerCase(), rest: rest.trim() });
  }
  return found;
}

class Refusal {
  constructor(readonly problem: string) {}
}

const refuse = (problem: string): never => {
  throw new Refusal(problem);
};

/** The name words of a command must be valid project or environment names. */
function requireName(word: string, what: 'project' | 'environment'): string {
  if (!NAME.test(word)) {
    refuse(`'${word}' is not a valid ${what} name (letters, digits, '-' and '_')`);
  }
  return word;
}

/** Splits words into positional words and `--option value...` groups. */
function splitOptions(words: readonly string[]): { positional: string[]; options: Map<string, string[]> } {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const word of words) {
    const option = /^--([a-z-]+)(?:=(.*))?$/i.exec(word);
    if (option) {
      const name = (option[1] ?? '').toLowerCase();
      if (options.has(name)) refuse(`--${name} is given twice`);
      current = option[2] ? [option[2]] : [];
      options.set(name, current);
    } else if (current) {
      current.push(word);
    } else {
      positional.push(word);
    }
  }
  return { positional, options };
}

function refuseOptions(options: Map<string, string[]>, allowed: readonly string[]): void {
  for (const name of options.keys()) {
    if (!allowed.includes(name)) {
      refuse(
        allowed.length === 0
          ? `this command takes no options, got --${name}`
          : `unknown option --${name} (expected ${allowed.map((a) => `--${a}`).join(' or ')})`,
      );
    }
  }
}

interface Target {
  project?: string;
  version?: string;
  environment: string;
}

/** `[project] [rc_version] [to] <environment>`. */
function parseTarget(words: readonly string[], allowVersion: boolean): Target {
  const last = words.at(-1);
  if (last === undefined || last.toLowerCase() === 'to') refuse('the environment is missing');
  const environment = last as string;
  if (parseCandidateVersion(environment)) {
    refuse(`the environment is missing after '${environment}' (write '${environment} to <environment>')`);
  }
  let before = words.slice(0, -1);
  if (before.at(-1)?.toLowerCase() === 'to') before = before.slice(0, -1);
  const target: Target = { environment: requireName(environment, 'environment') };
  for (const word of before) {
    if (word.toLowerCase() === 'to') refuse("'to' goes right before the environment");
    if (parseCandidateVersion(word)) {
      if (!allowVersion) {
        refuse(
          `this command takes no version: it redeploys the environment's previous successful release candidate`,
        );
      }
      if (target.version !== undefined) refuse(`two versions given: '${target.version}' and '${word}'`);
      target.version = word;
    } else if (NAME.test(word)) {
      if (target.project !== undefined || target.version !== undefined) {
        refuse(
          `unexpected '${word}': give at most a project${allowVersion ? ', a version' : ''} and an environment`,
        );
      }
      target.project = word;
    } else {
      refuse(
        allowVersion
          ? `'${word}' is neither a project name nor a release candidate version such as 1.4.0-rc2`
          : `'${word}' is not a valid project name`,
      );
    }
  }
  return target;
}

function parseDuration(values: readonly string[] | undefined): number | undefined {
  if (values === undefined) return undefined;
  const [value, ...extra] = values;
  if (value === undefined) return refuse('--for needs a duration such as 30m, 2h or 1d');
  if (extra.length > 0) refuse(`--for takes one duration, got '${values.join(' ')}'`);
  const match = DURATION.exec(value);
  if (!match) return refuse(`'${value}' is not a duration: write 30m, 2h, 1d or 1w`);
  const minutes = Number(match[1]) * (MINUTES_PER_UNIT[(match[2] ?? 'm').toLowerCase()] ?? 1);
  if (minutes < 1 || minutes > MAX_LOCK_MINUTES) refuse('--for must be between 1 minute and 30 days');
  return minutes;
}

/** Free text: the words joined, surrounding quotes dropped; undefined when empty. */
function text(words: readonly string[] | undefined): string | undefined {
  const joined = (words ?? []).join(' ').trim();
  const unquoted = /^(["'])(.*)\1$/.exec(joined)?.[2] ?? joined;
  return unquoted.trim() === '' ? undefined : unquoted.trim();
}

function parseArguments(name: CommandName, rest: string): Command {
  const words = rest === '' ? [] : rest.split(/\s+/);
  switch (name) {
    case 'approve':
      return { kind: 'approve', ...optional('comment', text(words)) };
    case 'reject':
      return { kind: 'reject', ...optional('reason', text(words)) };
    case 'help':
      return { kind: 'help' };
    case 'deploy': {
      const { positional, options } = splitOptions(words);
      refuseOptions(options, []);
      return { kind: 'deploy', ...parseTarget(positional, true) };
    }
    case 'rollback': {
      const { positional, options } = splitOptions(words);
      refuseOptions(options, []);
      const { project, environment } = parseTarget(positional, false);
      return { kind: 'rollback', environment, ...optional('project', project) };
    }
    case 'unlock': {
      const { positional, options } = splitOptions(words);
      refuseOptions(options, []);
      if (positional.length > 2) refuse('give at most a project and an environment');
      const { project, environment } = parseTarget(positional, false);
      return { kind: 'unlock', environment, ...optional('project', project) };
    }
    case 'lock': {
      const { positional, options } = splitOptions(words);
      refuseOptions(options, ['reason', 'for']);
      if (positional.length > 2) {
        refuse(`give at most a project and an environment; put a reason after --reason`);
      }
      const { project, environment } = parseTarget(positional, false);
      const reasonWords = options.get('reason');
      if (reasonWords !== undefined && text(reasonWords) === undefined) {
        refuse('--reason needs a text, e.g. --reason "database migration"');
      }
      return {
        kind: 'lock',
        environment,
        ...optional('project', project),
        ...optional('reason', text(reasonWords)),
        ...optional('durationMinutes', parseDuration(options.get('for'))),
      };
    }
    case 'status': {
      const { positional, options } = splitOptions(words);
      refuseOptions(options, []);
      if (positional.length > 2) refuse('give at most a project and an environment');
      if (positional.length === 0) return { kind: 'status' };
      const { project, environment } = parseTarget(positional, false);
      return { kind: 'status', environment, ...optional('project', project) };
    }
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Reads the one command of a comment. A comment with no command line is `none`; one with several, or
 * an unknown `/command`, or a command that cannot run as written is `invalid` with what was expected.
 */
export function parseCommand(body: string): ParseResult {
  const lines = commandLines(body);
  const [line, ...others] = lines;
  if (!line) return { kind: 'none' };
  const all = COMMAND_NAMES.flatMap((name) => COMMAND_USAGE[name]);
  if (others.length > 0) {
    return {
      kind: 'invalid',
      line: line.text,
      name: null,
      problem: `one command per comment, found ${lines.length}: ${lines.map((l) => `${l.prefix}${l.name}`).join(', ')}`,
      expected: all,
    };
  }
  if (!isCommandName(line.name)) {
    return {
      kind: 'invalid',
      line: line.text,
      name: null,
      problem: `unknown command ${line.prefix}${line.name}`,
      expected: all,
    };
  }
  try {
    return { kind: 'command', command: parseArguments(line.name, line.rest), line: line.text };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return {
      kind: 'invalid',
      line: line.text,
      name: line.name,
      problem: error.problem,
      expected: COMMAND_USAGE[line.name],
    };
  }
}
