import { describe, expect, it } from '@jest/globals';
import type { Deployment } from '../../../shared/api/schemas.js';
import { renderSummary } from '../../../action/summary.js';

const deployment = {
  id: 7,
  project: 'web',
  environment: 'eu|west <b>',
  release_candidate_version: '1.4.0-rc2',
  release_version: '1.4.0',
  commit: 'abc`def',
  status: 'failure',
} as Deployment;

describe('renderSummary', () => {
  it('renders one table per report, escaping what would break a cell, and ends with a blank line', () => {
    const markdown = renderSummary(
      { kind: 'deployment', source: 'post', deployment, replayed: true, url: 'https://s.example.com/a b(1)' },
      'https://github.com/acme/web/actions/runs/1/attempts/1',
    );
    expect(markdown).toBe(
      [
        "### Shiplog: deployment closed from the job's outcome",
        '',
        '| | |',
        '| --- | --- |',
        '| Project | web |',
        '| Environment | eu\\|west \\<b\\> |',
        '| Release candidate | 1.4.0-rc2 |',
        '| Commit | `abcdef` |',
        '| Deployment | [#7](https://s.example.com/a%20b%281%29) |',
        '| Status | `failure` |',
        '| Note | already recorded by an earlier attempt: nothing was duplicated |',
        '| Workflow run | [this run](https://github.com/acme/web/actions/runs/1/attempts/1) |',
        '',
        '',
      ].join('\n'),
    );
  });
});
