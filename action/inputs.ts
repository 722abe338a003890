/**
 * Every input of the Action, read and validated in this one place. {@link INPUTS} is the list
 * `action.yml` declares (a contract test holds the two together); {@link parseInputs} turns the raw
 * strings into one typed request per command, or throws an {@link InputError} naming the input.
 */
import { isReportableStatus, type ReportableStatus } from '../shared/deployment-status.js';
import { parseCandidateVersion } from '../shared/version.js';
import { isIdempotencyKey } from '../shared/idempotency-key.js';
import { InputError } from './errors.js';
import { messages } from './messages.js';
import type { WorkflowContext } from './workflow-context.js';

/** How an input is declared in `action.yml`. */
export interface InputSpec {
  readonly required: boolean;
  /** The `default:` in action.yml, verbatim; undefined when it declares none. */
  readonly default?: string;
}

/** The inputs `action.yml` declares, with their `required` and `default`. */
export const INPUTS = {
  'shiplog-url': { required: true },
  project: { required: true },
  command: { required: true },
  version: { required: true },
  environment: { required: false },
  status: { required: false },
  commit: { required: false },
  repository: { required: false },
  'trigger-build': { required: false, default: 'false' },
  token: { required: false },
  audience: { required: false, default: 'shiplog' },
  'idempotency-key': { required: false },
  'report-job-outcome': { required: false, default: 'true' },
  'github-token': { required: false, default: '${{ github.token }}' },
  retries: { required: false, default: '3' },
} as const satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;
export const COMMANDS = ['release', 'deploy', 'status'] as const;
export type Command = (typeof COMMANDS)[number];

/** Reads one raw input (trimmed, `''` when unset). */
export type ReadInput = (name: InputName) => string;

/** Where the App is and how to authenticate to it. */
export interface Connection {
  readonly url: string;
  readonly project: string;
  /** A project API token; undefined means: authenticate with the job's OIDC token. */
  readonly token: string | undefined;
  /** The OIDC token's audience (`aud`); the App accepts only its own. */
  readonly audience: string;
  readonly retries: number;
}

interface Common {
  readonly connection: Connection;
  /** The release-candidate version, e.g. `1.4.0-rc2`. */
  readonly version: string;
  readonly idempotencyKey: string | undefined;
}

/** One validated request per command. */
export type ActionInputs =
  | (Common & {
      readonly command: 'release';
      readonly commit: string;
      readonly repository: string;
      readonly triggerBuild: boolean;
    })
  | (Common & {
      readonly command: 'deploy';
      readonly environment: string;
      /** Reported right after creating the deployment (e.g. `in_progress`); none leaves it `pending`. */
      readonly status: ReportableStatus | undefined;
      readonly reportJobOutcome: boolean;
    })
  | (Common & {
      readonly command: 'status';
      readonly environment: string;
      readonly status: ReportableStatus;
    });

/** What the post step reads from inputs (the rest comes from the main step's state). */
export interface PostInputs {
  readonly token: string | undefined;
  readonly audience: string;
  readonly retries: number;
  /** Reads the job's outcome from the jobs API; undefined when not given. */
  readonly githubToken: string | undefined;
}

const MAX_RETRIES = 10;

/** Validates the main step's inputs; `context` supplies the workflow defaults (commit, repository). */
export function parseInputs(read: ReadInput, context: WorkflowContext): ActionInputs {
  const command = read('command');
  if (!isCommand(command)) throw new InputError(messages.invalidCommand(command));
  const version = required(read, 'version');
  if (!parseCandidateVersion(version)) throw new InputError(messages.invalidVersion(version));
  const idempotencyKey = read('idempotency-key') || undefined;
  if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey)) {
    throw new InputError(messages.invalidIdempotencyKey);
  }
  const common = { connection: parseConnection(read), version, idempotencyKey };

  switch (command) {
    case 'release':
      return {
        ...common,
        command,
        commit: read('commit') || defaulted('commit', context.sha, 'GITHUB_SHA'),
        repository: read('repository') || defaulted('repository', context.repository, 'GITHUB_REPOSITORY'),
        triggerBuild: parseBoolean(read, 'trigger-build'),
      };
    case 'deploy': {
      const status = read('status');
      return {
        ...common,
        command,
        environment: required(read, 'environment', command),
        status: status ? parseStatus(status) : undefined,
        reportJobOutcome: parseBoolean(read, 'report-job-outcome'),
      };
    }
    case 'status':
      return {
        ...common,
        command,
        environment: required(read, 'environment', command),
        status: parseStatus(required(read, 'status', command)),
      };
  }
}

/** Validates the inputs the post step uses. */
export function parsePostInputs(read: ReadInput): PostInputs {
  return { ...parseAuthentication(read), githubToken: read('github-token') || undefined };
}

/** How both steps authenticate to the App and retry: a token, or OIDC for the audience. */
function parseAuthentication(read: ReadInput) {
  return {
    token: read('token') || undefined,
    audience: read('audience') || INPUTS.audience.default,
    retries: parseRetries(read),
  };
}

function parseConnection(read: ReadInput): Connection {
  const url = required(read, 'shiplog-url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(messages.invalidUrl(url));
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new InputError(messages.invalidUrl(url));
  return { url, project: required(read, 'project'), ...parseAuthentication(read) };
}

function parseRetries(read: ReadInput): number {
  const raw = read('retries') || INPUTS.retries.default;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > MAX_RETRIES) {
    throw new InputError(messages.invalidRetries(raw, MAX_RETRIES));
  }
  return Number(raw);
}

/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
function parseBoolean(read: ReadInput, name: 'trigger-build' | 'report-job-outcome'): boolean {
  const raw = read(name) || INPUTS[name].default;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw new InputError(messages.invalidBoolean(name, raw));
}

function parseStatus(raw: string): ReportableStatus {
  if (!isReportableStatus(raw)) throw new InputError(messages.invalidStatus(raw));
  return raw;
}

function required(read: ReadInput, name: InputName, command?: Command): string {
  const value = read(name);
  if (!value) throw new InputError(messages.missingInput(name, command));
  return value;
}

function defaulted(name: InputName, value: string | undefined, variable: string): string {
  if (!value) throw new InputError(messages.missingDefault(name, variable));
  return value;
}

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}
