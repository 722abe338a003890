/**
 * Validates `.github/shiplog.yml` against its schema and says, for each problem, which field and which
 * line of the file it is, so a check run can point at it.
 */
import { Compile } from 'typebox/compile';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { RepoConfig } from '../../shared/config/repo-config.js';

const validator = Compile(RepoConfig);

export interface ConfigProblem {
  /** Dotted path of the field, e.g. `projects.web.environments.prod.tier`; empty for the whole file. */
  readonly field: string;
  readonly message: string;
  /** 1-based line in the repository's own file, when the field is found there. */
  readonly line: number | undefined;
}

export type ConfigValidation = { ok: true; config: RepoConfig } | { ok: false; problems: ConfigProblem[] };

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function describe(error: SchemaError): { path: string[]; message: string } | undefined {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  switch (error.keyword) {
    case 'boolean':
      return undefined; // the additionalProperties error that accompanies it says it better
    case 'additionalProperties': {
      const [extra] = error.params.additionalProperties as string[];
      return {
        path: [...path, extra ?? ''],
        message: `unknown field '${extra}' (check its spelling or indentation)`,
      };
    }
    case 'required':
      return {
        path,
        message: `missing required field '${(error.params.requiredProperties as string[]).join("', '")}'`,
      };
    case 'enum':
      return { path, message: `must be one of: ${(error.params.allowedValues as string[]).join(', ')}` };
    default:
      return { path, message: error.message };
  }
}

/** Finds the line of `path` in the YAML text (or of its nearest parent present there). */
function lineOf(text: string | null, path: string[]): number | undefined {
  if (text === null) return undefined;
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter });
  for (let depth = path.length; depth >= 1; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => String((item.key as { value?: unknown })?.value) === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
  }
  return undefined;
}

/**
 * Validates the parsed configuration (`_extends` already applied). `text` is the repository's own file,
 * used only to find line numbers.
 */
export function validateRepoConfig(parsed: unknown, text: string | null): ConfigValidation {
  const config = withIsoTimestamps(parsed);
  if (validator.Check(config)) {
    const problems = [...unsatisfiableRules(config), ...freezeProblems(config)].map(({ path, message }) => ({
      field: path.join('.'),
      message,
      line: lineOf(text, path),
    }));
    return problems.length === 0 ? { ok: true, config } : { ok: false, problems };
  }
  const problems: ConfigProblem[] = [];
  for (const error of validator.Errors(config) as SchemaError[]) {
    const described = describe(error);
    if (!described) continue;
    problems.push({
      field: described.path.join('.'),
      message: described.message,
      line: lineOf(text, described.path),
    });
  }
  return { ok: false, problems };
}

/** YAML reads an unquoted `2026-12-20T00:00:00Z` as a date: the schema takes it as its ISO string. */
function withIsoTimestamps(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value)) return value.map(withIsoTimestamps);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withIsoTimestamps(inner)]));
  }
  return value;
}

/**
 * A day that does not exist in its month (`2027-02-30`): the schema's pattern lets it through, and
 * `Date.parse` would quietly move it into the next month.
 */
function impossibleDay(timestamp: string): boolean {
  const [year, month, day] = timestamp.slice(0, 10).split('-').map(Number) as [number, number, number];
  return day > new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Freeze windows on days that do not exist, or that end before they start. */
function freezeProblems(config: RepoConfig): { path: string[]; message: string }[] {
  const found: { path: string[]; message: string }[] = [];
  for (const [project, { environments }] of Object.entries(config.projects)) {
    for (const [environment, { freezes }] of Object.entries(environments)) {
      for (const [index, freeze] of (freezes ?? []).entries()) {
        const path = ['projects', project, 'environments', environment, 'freezes', String(index)];
        const impossible = [freeze.from, freeze.to].filter(impossibleDay);
        if (impossible.length > 0) {
          found.push({ path, message: `${impossible.join(' and ')}: no such day` });
        } else if (Date.parse(freeze.to) <= Date.parse(freeze.from)) {
          found.push({ path, message: `the freeze ends (${freeze.to}) before it starts (${freeze.from})` });
        }
      }
    }
  }
  return found;
}

/** Approval rules that could never be met: more approvers asked for than the only users listed. */
function unsatisfiableRules(config: RepoConfig): { path: string[]; message: string }[] {
  const found: { path: string[]; message: string }[] = [];
  for (const [project, { environments }] of Object.entries(config.projects)) {
    for (const [environment, { approvals = [] }] of Object.entries(environments)) {
      approvals.forEach((rule, index) => {
        const users = new Set((rule.users ?? []).map((u) => u.replace(/^@/, '').toLowerCase()));
        if (rule.teams?.length || !rule.users || rule.count <= users.size) return;
        found.push({
          path: ['projects', project, 'environments', environment, 'approvals', String(index), 'count'],
          message: `asks for ${rule.count} approvers but lists only ${users.size} user(s): lower the count, add users or add a team`,
        });
      });
    }
  }
  return found;
}
