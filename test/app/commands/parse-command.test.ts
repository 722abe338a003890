import { describe, expect, it } from '@jest/globals';
import { COMMAND_USAGE } from '../../../app/commands/command.js';
import { parseCommand } from '../../../app/commands/parse-command.js';

const command = (body: string) => {
  const result = parseCommand(body);
  if (result.kind !== 'command') throw new Error(`not a command: ${JSON.stringify(result)}`);
  return result.command;
};
const refusal = (body: string) => {
  const result = parseCommand(body);
  if (result.kind !== 'invalid') throw new Error(`not refused: ${JSON.stringify(result)}`);
  return result;
};

describe('parseCommand: what is a command', () => {
  it('finds none in an ordinary comment, mid-line, in a code fence, quoted, or behind an unknown dot', () => {
    for (const body of [
      'LGTM',
      'please /deploy to staging',
      '```\n/deploy to staging\n```',
      '~~~\n/lock prod\n~~~',
      '> /deploy to staging',
      ' /deploy to staging',
      '.NET 8 is out',
      '...',
      'see /usr/local/bin',
      '',
    ]) {
      expect(parseCommand(body)).toEqual({ kind: 'none' });
    }
  });

  it('reads the one command line among free text, with either prefix, any case', () => {
    expect(parseCommand('Reviewed.\r\n/deploy to staging\r\nthanks')).toEqual({
      kind: 'command',
      command: { kind: 'deploy', environment: 'staging' },
      line: '/deploy to staging',
    });
    expect(command('.deploy to staging')).toEqual({ kind: 'deploy', environment: 'staging' });
    expect(command('/Deploy staging')).toEqual({ kind: 'deploy', environment: 'staging' });
  });
});

describe('parseCommand: each command', () => {
  it('/deploy [project] [rc_version] [to] <environment>', () => {
    expect(command('/deploy prod')).toEqual({ kind: 'deploy', environment: 'prod' });
    expect(command('/deploy web to prod')).toEqual({ kind: 'deploy', project: 'web', environment: 'prod' });
    expect(command('/deploy web prod')).toEqual({ kind: 'deploy', project: 'web', environment: 'prod' });
    expect(command('/deploy 1.4.0-rc2 to prod')).toEqual({
      kind: 'deploy',
      version: '1.4.0-rc2',
      environment: 'prod',
    });
    expect(command('/deploy web v2.0-rc1 to prod')).toEqual({
      kind: 'deploy',
      project: 'web',
      version: 'v2.0-rc1',
      environment: 'prod',
    });
  });

  it('/rollback, /lock, /unlock, /status, /approve, /reject, /help', () => {
    expect(command('/rollback prod')).toEqual({ kind: 'rollback', environment: 'prod' });
    expect(command('/rollback api prod')).toEqual({ kind: 'rollback', project: 'api', environment: 'prod' });
    expect(command('/lock prod --reason "db migration" --for 2h')).toEqual({
      kind: 'lock',
      environment: 'prod',
      reason: 'db migration',
      durationMinutes: 120,
    });
    expect(command('/lock web prod --for=1d --reason=freeze')).toEqual({
      kind: 'lock',
      project: 'web',
      environment: 'prod',
      reason: 'freeze',
      durationMinutes: 1440,
    });
    expect(command('/unlock prod')).toEqual({ kind: 'unlock', environment: 'prod' });
    expect(command('/status')).toEqual({ kind: 'status' });
    expect(command('/status prod')).toEqual({ kind: 'status', environment: 'prod' });
    expect(command('/status web prod')).toEqual({ kind: 'status', project: 'web', environment: 'prod' });
    expect(command('/approve')).toEqual({ kind: 'approve' });
    expect(command('/approve looks good to me')).toEqual({ kind: 'approve', comment: 'looks good to me' });
    expect(command('/reject "not today"')).toEqual({ kind: 'reject', reason: 'not today' });
    expect(command('/help me')).toEqual({ kind: 'help' });
  });
});

describe('parseCommand: every refusal says what was wrong and what was expected', () => {
  it.each([
    ['/deploy', 'the environment is missing', 'deploy'],
    ['/deploy to', 'the environment is missing', 'deploy'],
    [
      '/deploy 1.4.0-rc2',
      "the environment is missing after '1.4.0-rc2' (write '1.4.0-rc2 to <environment>')",
      'deploy',
    ],
    ['/deploy to pr*d', "'pr*d' is not a valid environment name (letters, digits, '-' and '_')", 'deploy'],
    ['/deploy to web prod', "'to' goes right before the environment", 'deploy'],
    ['/deploy 1.0.0-rc1 1.0.0-rc2 to prod', "two versions given: '1.0.0-rc1' and '1.0.0-rc2'", 'deploy'],
    [
      '/deploy web api prod',
      "unexpected 'api': give at most a project, a version and an environment",
      'deploy',
    ],
    [
      '/deploy 1.0.0-rc1 web to prod',
      "unexpected 'web': give at most a project, a version and an environment",
      'deploy',
    ],
    [
      '/deploy 1.4.0 to prod',
      "'1.4.0' is neither a project name nor a release candidate version such as 1.4.0-rc2",
      'deploy',
    ],
    ['/deploy to prod --force', 'this command takes no options, got --force', 'deploy'],
    ['/rollback', 'the environment is missing', 'rollback'],
    [
      '/rollback 1.0.0-rc1 to prod',
      "this command takes no version: it redeploys the environment's previous successful release candidate",
      'rollback',
    ],
    ['/rollback w*b prod', "'w*b' is not a valid project name", 'rollback'],
    ['/lock', 'the environment is missing', 'lock'],
    ['/lock prod --for', '--for needs a duration such as 30m, 2h or 1d', 'lock'],
    ['/lock prod --for soon', "'soon' is not a duration: write 30m, 2h, 1d or 1w", 'lock'],
    ['/lock prod --for 2h 3h', "--for takes one duration, got '2h 3h'", 'lock'],
    ['/lock prod --for 0m', '--for must be between 1 minute and 30 days', 'lock'],
    ['/lock prod --for 31d', '--for must be between 1 minute and 30 days', 'lock'],
    ['/lock prod --reason', '--reason needs a text, e.g. --reason "database migration"', 'lock'],
    ['/lock prod --reason a --reason b', '--reason is given twice', 'lock'],
    ['/lock prod --until friday', 'unknown option --until (expected --reason or --for)', 'lock'],
    [
      '/lock web prod db migration',
      'give at most a project and an environment; put a reason after --reason',
      'lock',
    ],
    ['/unlock', 'the environment is missing', 'unlock'],
    ['/unlock prod --reason done', 'this command takes no options, got --reason', 'unlock'],
    ['/unlock a b c', 'give at most a project and an environment', 'unlock'],
    ['/status a b c', 'give at most a project and an environment', 'status'],
    ['/status --all', 'this command takes no options, got --all', 'status'],
  ] as const)('%s: %s', (body, problem, name) => {
    expect(refusal(body)).toEqual({
      kind: 'invalid',
      line: body,
      name,
      problem,
      expected: COMMAND_USAGE[name],
    });
  });

  it('refuses an unknown /command with every command, but not an unknown .word', () => {
    const result = refusal('/shipit');
    expect(result).toMatchObject({ name: null, problem: 'unknown command /shipit' });
    expect(result.expected).toContain('/lock [project] <environment> [--reason <text>] [--for <30m|2h|1d>]');
  });

  it('refuses two commands in one comment', () => {
    expect(refusal('/lock prod\n/deploy to prod')).toMatchObject({
      name: null,
      line: '/lock prod',
      problem: 'one command per comment, found 2: /lock, /deploy',
    });
  });
});
