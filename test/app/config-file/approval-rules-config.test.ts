import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { validateRepoConfig } from '../../../app/config-file/validate-repo-config.js';

const check = (text: string) => validateRepoConfig(parse(text) as unknown, text);

describe('approval rules and allow_forks in .github/shiplog.yml', () => {
  it('accepts rules of users and teams, and allow_forks', () => {
    const text = [
      'allow_forks: true',
      'projects:',
      '  web:',
      '    environments:',
      '      production:',
      '        tier: production',
      '        approvals:',
      '          - count: 2',
      "            teams: ['@acme/sre', security]",
      '          - count: 1',
      "            users: ['@alice', bob]",
      '          - count: 1',
      '',
    ].join('\n');
    expect(check(text)).toMatchObject({ ok: true });
  });

  it('refuses a rule that could never be met, naming its line', () => {
    const text = [
      'projects:',
      '  web:',
      '    environments:',
      '      production:',
      '        tier: production',
      '        approvals:',
      '          - count: 3',
      "            users: [alice, '@Alice', bob]",
      '',
    ].join('\n');
    expect(check(text)).toEqual({
      ok: false,
      problems: [
        {
          field: 'projects.web.environments.production.approvals.0.count',
          message: 'asks for 3 approvers but lists only 2 user(s): lower the count, add users or add a team',
          line: 7,
        },
      ],
    });
  });

  it('refuses a count of zero, a malformed team and an unknown field', () => {
    const text = [
      'projects:',
      '  web:',
      '    environments:',
      '      production:',
      '        tier: production',
      '        approvals:',
      '          - count: 0',
      "            teams: ['acme/sre/extra']",
      '            reviewers: [alice]',
      '',
    ].join('\n');
    const result = check(text);
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'projects.web.environments.production.approvals.0.count',
        'projects.web.environments.production.approvals.0.teams.0',
        'projects.web.environments.production.approvals.0.reviewers',
      ]),
    );
  });
});
