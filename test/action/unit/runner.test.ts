import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { run } from '../../../action/run.js';
import { createRunner, type RunnerIo } from '../../../action/runner/runner.js';
import { formatCommand } from '../../../action/runner/workflow-commands.js';
import { parseCommands, parseFileCommands } from '../support/run-action.js';

/** A runner's process surfaces in memory; `throwOnce` is thrown by the first plain log line. */
function fakeIo(env: Record<string, string> = {}, throwOnce?: unknown) {
  const lines: string[] = [];
  let pending = throwOnce !== undefined;
  const io: RunnerIo & { lines: string[]; exitCode: number | undefined } = {
    env,
    lines,
    exitCode: undefined,
    writeLine: (line) => {
      if (pending && !line.startsWith('::')) {
        pending = false;
        throw throwOnce;
      }
      lines.push(line);
    },
    setExitCode: (code) => {
      io.exitCode = code;
    },
  };
  return io;
}

describe('workflow commands', () => {
  it('escape line breaks and % in messages, and : , in properties, so no command can be forged', () => {
    expect(formatCommand('error', '50% done\n::add-mask::x\r')).toBe(
      '::error::50%25 done%0A::add-mask::x%0D',
    );
    expect(formatCommand('warning', 'm', { title: 'a:b,c', file: undefined })).toBe(
      '::warning title=a%3Ab%2Cc::m',
    );
  });
});

describe('createRunner', () => {
  it('reads inputs as the runner names them (upper case, spaces to _, hyphens kept), trimmed', () => {
    const runner = createRunner(fakeIo({ 'INPUT_SHIPLOG-URL': ' https://x \n', INPUT_MY_INPUT: 'v' }));
    expect(runner.input('shiplog-url')).toBe('https://x');
    expect(runner.input('my input')).toBe('v');
    expect(runner.input('missing')).toBe('');
  });

  it('writes outputs and state as heredocs that a multi-line value cannot break out of', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shiplog-runner-'));
    const output = join(dir, 'output');
    writeFileSync(output, '');
    const runner = createRunner(fakeIo({ GITHUB_OUTPUT: output }));
    runner.setOutput('url', 'https://x');
    runner.setOutput('tricky', 'line 1\nother=injected\nEOF');
    expect(parseFileCommands(readFileSync(output, 'utf8'))).toEqual({
      url: 'https://x',
      tricky: 'line 1\nother=injected\nEOF',
    });
  });

  it('skips a missing environment file with a debug line (outside a runner)', () => {
    const io = fakeIo();
    createRunner(io).setOutput('a', 'b');
    expect(io.lines).toEqual(['::debug::GITHUB_OUTPUT is not set; skipped writing to it']);
  });

  it('fails the step with an ::error:: line and exit code 1', () => {
    const io = fakeIo();
    createRunner(io).fail('broken\nsecond line');
    expect(parseCommands(io.lines.join('\n'))).toEqual([
      { command: 'error', message: 'broken\nsecond line' },
    ]);
    expect(io.exitCode).toBe(1);
  });
});

describe('run', () => {
  it('fails the step when something throws a value that is not an Error', async () => {
    const env = {
      INPUT_COMMAND: 'status',
      'INPUT_SHIPLOG-URL': 'https://shiplog.example.com',
      INPUT_PROJECT: 'web',
      INPUT_VERSION: '1.0.0-rc1',
      INPUT_ENVIRONMENT: 'staging',
      INPUT_STATUS: 'success',
      INPUT_TOKEN: 'shp_x',
    };
    // The first log line ("Authenticating ...") throws a string, as a misbehaving dependency might.
    const io = fakeIo(env, 'kaboom');

    await run({ io, fetch: () => Promise.reject(new Error('not reached')) });

    expect(io.exitCode).toBe(1);
    expect(parseCommands(io.lines.join('\n'))).toContainEqual({
      command: 'error',
      message: 'The Action failed with a thrown value that is not an Error: kaboom',
    });
  });
});
