import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  REPO_CONFIG_SCHEMA_PATH,
  renderRepoConfigJsonSchema,
} from '../../../app/config-file/repo-config-json-schema.js';
import { validateRepoConfig } from '../../../app/config-file/validate-repo-config.js';

describe('validateRepoConfig', () => {
  it('accepts a complete file', () => {
    const config = {
      projects: {
        web: {
          build_workflow: 'build.yml',
          environments: {
            staging: { tier: 'staging', timeout_minutes: 20 },
            production: {
              tier: 'production',
              deploy_workflow: 'deploy.yaml',
              deploy_inputs: { region: 'eu', canary: true },
            },
          },
        },
      },
    };
    expect(validateRepoConfig(config, null)).toEqual({ ok: true, config });
  });

  it('names the field and the line of each problem', () => {
    const text = [
      'projects:',
      '  web:',
      '    environments:',
      '      prod:',
      '        tier: live',
      '        colour: blue',
      '',
    ].join('\n');
    const result = validateRepoConfig(
      { projects: { web: { environments: { prod: { tier: 'live', colour: 'blue' } } } } },
      text,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual(
      expect.arrayContaining([
        {
          field: 'projects.web.environments.prod.colour',
          message: expect.stringContaining("unknown field 'colour'"),
          line: 6,
        },
        {
          field: 'projects.web.environments.prod.tier',
          message: 'must be one of: production, staging, development',
          line: 5,
        },
      ]),
    );
  });

  it('refuses bad names, workflow files and a missing tier', () => {
    const result = validateRepoConfig(
      {
        projects: {
          'we b': { environments: { prod: {} } },
          api: { build_workflow: '../x.sh', environments: {} },
        },
      },
      null,
    );
    const fields = !result.ok ? result.problems.map((p) => p.field) : [];
    expect(fields).toEqual(expect.arrayContaining(['projects.we b', 'projects.api.build_workflow']));
  });
});

describe('freezes', () => {
  const withFreeze = (freeze: Record<string, unknown>) => ({
    projects: { web: { environments: { prod: { tier: 'production', freezes: [freeze] } } } },
  });

  it('takes dates a YAML loader produced as their ISO strings', () => {
    const result = validateRepoConfig(
      withFreeze({ from: new Date('2026-12-20T00:00:00Z'), to: '2027-01-04T00:00:00+01:00' }),
      null,
    );
    expect(result.ok && result.config.projects.web?.environments.prod?.freezes?.[0]?.from).toBe(
      '2026-12-20T00:00:00.000Z',
    );
  });

  it('refuses a freeze that ends before it starts, or a timestamp without a time zone', () => {
    const backwards = validateRepoConfig(
      withFreeze({ from: '2027-01-04T00:00:00Z', to: '2026-12-20T00:00:00Z' }),
      null,
    );
    expect(!backwards.ok && backwards.problems[0]?.message).toMatch(
      /ends \(2026-12-20T00:00:00Z\) before it starts/,
    );
    const local = validateRepoConfig(
      withFreeze({ from: '2026-12-20 00:00', to: '2027-01-04T00:00:00Z' }),
      null,
    );
    expect(local.ok).toBe(false);
  });

  it('refuses a time or a day that does not exist, which would otherwise switch the freeze off', () => {
    for (const from of ['2027-02-01T25:00:00Z', '2027-02-01T10:60:00Z', '2027-13-01T00:00:00Z']) {
      expect(validateRepoConfig(withFreeze({ from, to: '2027-03-01T00:00:00Z' }), null).ok).toBe(false);
    }
    const february30 = validateRepoConfig(
      withFreeze({ from: '2027-02-20T00:00:00Z', to: '2027-02-30T00:00:00Z' }),
      null,
    );
    expect(!february30.ok && february30.problems[0]?.message).toMatch(/2027-02-30T00:00:00Z: no such day/);
    // Leap days exist in leap years.
    expect(
      validateRepoConfig(withFreeze({ from: '2028-02-29T00:00:00Z', to: '2028-03-01T00:00:00Z' }), null).ok,
    ).toBe(true);
  });
});

describe(REPO_CONFIG_SCHEMA_PATH, () => {
  it('is the JSON Schema generated from the validating schema (run `npm run schema` after a change)', () => {
    expect(readFileSync(REPO_CONFIG_SCHEMA_PATH, 'utf8')).toBe(renderRepoConfigJsonSchema());
  });
});
