import { describe, expect, it } from '@jest/globals';
import {
  describeRule,
  evaluateApprovals,
  qualifies,
  teamKey,
  teamsOf,
  type Approver,
} from '../../../app/approvals/approval-rules.js';
import type { ApprovalRule } from '../../../app/store/records.js';

const rule = (count: number, who: { users?: string[]; teams?: string[] } = {}): ApprovalRule => ({
  count,
  users: who.users ?? [],
  teams: who.teams ?? [],
});
const approver = (login: string, teams: string[] = [], writeAccess = true): Approver => ({
  login,
  teams,
  writeAccess,
});
const SRE_AND_SECURITY = [rule(2, { teams: ['@acme/sre'] }), rule(1, { teams: ['security'] })];

describe('who qualifies for a rule', () => {
  it('names teams as org/slug, a bare slug in the repository owner organization', () => {
    expect(teamKey('@Acme/SRE', 'acme')).toBe('acme/sre');
    expect(teamKey('security', 'Acme')).toBe('acme/security');
    expect(teamsOf(SRE_AND_SECURITY, 'acme')).toEqual(['acme/sre', 'acme/security']);
  });

  it('accepts listed users (any case, with or without @), team members, or anyone with write access', () => {
    expect(qualifies(rule(1, { users: ['@Alice'] }), approver('alice', [], false), 'acme')).toBe(true);
    expect(qualifies(rule(1, { users: ['alice'] }), approver('bob'), 'acme')).toBe(false);
    expect(qualifies(rule(1, { teams: ['sre'] }), approver('bob', ['acme/sre']), 'acme')).toBe(true);
    expect(qualifies(rule(1, { teams: ['sre'] }), approver('bob', ['other/sre']), 'acme')).toBe(false);
    expect(qualifies(rule(1), approver('bob', [], true), 'acme')).toBe(true);
    expect(qualifies(rule(1), approver('bob', [], false), 'acme')).toBe(false);
  });
});

describe('evaluateApprovals', () => {
  it('is met when every rule has its count', () => {
    const result = evaluateApprovals(
      SRE_AND_SECURITY,
      [approver('carol', ['acme/sre']), approver('dave', ['acme/sre']), approver('erin', ['acme/security'])],
      'alice',
      'acme',
    );
    expect(result.satisfied).toBe(true);
    expect(result.rules.map((r) => [r.approvedBy, r.missing])).toEqual([
      [['carol', 'dave'], 0],
      [['erin'], 0],
    ]);
  });

  it('never counts the deployer, in any spelling', () => {
    const result = evaluateApprovals([rule(1, { users: ['alice'] })], [approver('Alice')], '@alice', 'acme');
    expect(result).toMatchObject({ satisfied: false, rules: [{ approvedBy: [], missing: 1 }] });
  });

  it('counts each approver for one rule only, and counts a repeated approval once', () => {
    const both = approver('carol', ['acme/sre', 'acme/security']);
    const result = evaluateApprovals(SRE_AND_SECURITY, [both, approver('carol', ['acme/sre'])], null, 'acme');
    expect(result.satisfied).toBe(false);
    expect(result.rules.reduce((n, r) => n + r.approvedBy.length, 0)).toBe(1);
  });

  it('moves an earlier approver to the rule only they can fill, so a later one still counts', () => {
    // carol could fill either; erin only security: carol must move to sre for both to count.
    const result = evaluateApprovals(
      [rule(1, { teams: ['sre'] }), rule(1, { teams: ['security'] })],
      [approver('carol', ['acme/sre', 'acme/security']), approver('dave', ['acme/sre'])],
      null,
      'acme',
    );
    expect(result.satisfied).toBe(true);
    expect(result.rules.map((r) => r.approvedBy)).toEqual([['dave'], ['carol']]);
  });

  it('ignores approvers who qualify for no rule', () => {
    const result = evaluateApprovals(
      [rule(1, { teams: ['sre'] })],
      [approver('bob', [], true)],
      null,
      'acme',
    );
    expect(result).toMatchObject({ satisfied: false, rules: [{ missing: 1 }] });
  });

  it('is met with no rules at all', () => {
    expect(evaluateApprovals([], [], 'alice', 'acme')).toEqual({ satisfied: true, rules: [] });
  });
});

describe('describeRule', () => {
  it('says how many from whom', () => {
    expect(describeRule(rule(2, { teams: ['sre'], users: ['@mo'] }), 'acme')).toBe('2 from @acme/sre or @mo');
    expect(describeRule(rule(1), 'acme')).toBe('1 from anyone with write access');
  });
});
