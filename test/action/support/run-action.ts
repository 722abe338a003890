/**
 * Runs the built Action (`dist/index.js`, `dist/post.js`) as a subprocess, the way the Actions runner
 * does: inputs as `INPUT_*` (action.yml's defaults first), the `GITHUB_*` variables, temp files for the
 * environment-file commands and an event payload; for the post step, the main step's state as `STATE_*`.
 * Reads back the outputs, state, summary and workflow commands.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultInputs, inputVariable, readActionYml, REPO_ROOT } from './action-yml.js';

const runs = readActionYml().runs;
const ENTRIES = { main: join(REPO_ROOT, runs.main), post: join(REPO_ROOT, runs.post ?? 'missing') } as const;

/** Fails fast, and clearly, when the bundle was not built: these tests exercise dist/, not the sources. */
export function requireBuiltAction(): void {
  for (const entry of Object.values(ENTRIES)) {
    if (!existsSync(entry)) {
      throw new Error(
        `${entry} is missing: run 'npm run build' (or 'npm run build:action') before the Action tests`,
      );
    }
  }
}

/** The job's token the runner puts in `github.token`; the GitHub stub accepts `ghs_` tokens. */
export const GITHUB_TOKEN = 'ghs_jobtoken0123456789';

export interface StepRun {
  /** `with:` values by input name. */
  readonly inputs?: Record<string, string>;
  /** Extra or overriding environment variables (ACTIONS_ID_TOKEN_REQUEST_URL, GITHUB_API_URL, ...). */
  readonly env?: Record<string, string>;
  /** For the post step: the main step's saved state. */
  readonly state?: Record<string, string>;
}

export interface StepResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  /** Messages of `::error::` lines, unescaped. */
  readonly errors: string[];
  readonly warnings: string[];
  /** Values the step asked the runner to mask. */
  readonly masked: string[];
}

/** The runner the job runs on: the post step finds its job in the jobs API by this name. */
export const RUNNER_NAME = 'GitHub Actions 7';

/** The variables every job step sees (a push to main of acme/web, run 4242, attempt 1). */
export function workflowEnv(workspace: string): Record<string, string> {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SHA: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: '__acme_shiplog',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: workspace,
    RUNNER_NAME,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: join(workspace, '_temp'),
  };
}

/** Runs one step of the Action and collects what it told the runner. */
export async function runStep(entry: keyof typeof ENTRIES, run: StepRun = {}): Promise<StepResult> {
  requireBuiltAction();
  const dir = mkdtempSync(join(tmpdir(), 'shiplog-step-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  writeFileSync(
    files.GITHUB_EVENT_PATH,
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/web' } }),
  );

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...workflowEnv(dir),
    ...files,
    ...defaultInputs(GITHUB_TOKEN),
    ...Object.fromEntries(
      Object.entries(run.inputs ?? {}).map(([name, value]) => [inputVariable(name), value]),
    ),
    ...Object.fromEntries(Object.entries(run.state ?? {}).map(([name, value]) => [`STATE_${name}`, value])),
    ...run.env,
  };
  const { exitCode, stdout, stderr } = await spawnNode(ENTRIES[entry], env, dir);
  const commands = parseCommands(stdout);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    errors: commands.filter((c) => c.command === 'error').map((c) => c.message),
    warnings: commands.filter((c) => c.command === 'warning').map((c) => c.message),
    masked: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
  };
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/**
 * Parses an environment file the way the runner does: `name<<DELIMITER` heredocs, and `name=value` lines.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const end = lines.indexOf(delimiter ?? '', i + 1);
      if (end === -1) throw new Error(`unterminated heredoc for '${name}'`);
      result[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`invalid environment-file line: ${line}`);
    result[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return result;
}

/** `::command props::message` lines of stdout, with the message unescaped. */
export function parseCommands(stdout: string): { command: string; message: string }[] {
  return stdout
    .split(/\r?\n/)
    .map((line) => /^::([\w-]+)(?: [^:]*)?::(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, command = '', message = '']) => ({
      command,
      message: message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'),
    }));
}
