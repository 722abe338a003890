/**
 * Approval rules, decided without GitHub: who qualifies for which rule and whether a set of approvals
 * meets every rule of an environment. Each approver counts for one rule only (so "2 from @org/sre and 1
 * from @org/security" always means three people) and the deployer never counts. What Shiplog learned
 * from GitHub at approval time (write access, team memberships) is passed in.
 */
import type { ApprovalRule } from '../store/records.js';

/** A login as compared: without `@`, lower-cased (GitHub logins are case-insensitive). */
export const normalizeLogin = (login: string): string => login.replace(/^@/, '').toLowerCase();

/** A rule's team as `org/slug`, lower-cased; a bare slug belongs to the repository owner's organization. */
export function teamKey(team: string, owner: string): string {
  const bare = team.replace(/^@/, '');
  return (bare.includes('/') ? bare : `${owner}/${bare}`).toLowerCase();
}

/** Every team the rules name: the only memberships worth asking GitHub about. */
export function teamsOf(rules: readonly ApprovalRule[], owner: string): string[] {
  return [...new Set(rules.flatMap((rule) => rule.teams.map((team) => teamKey(team, owner))))];
}

/** A rule with neither users nor teams: anyone with write access may approve for it. */
const isOpenRule = (rule: ApprovalRule): boolean => rule.users.length === 0 && rule.teams.length === 0;

/** Whether any rule accepts anyone with write access. */
export const needsWriteAccess = (rules: readonly ApprovalRule[]): boolean => rules.some(isOpenRule);

/** What Shiplog knew of an approver when they approved. */
export interface Approver {
  readonly login: string;
  readonly writeAccess: boolean;
  /** Teams of the rules they were an active member of, `org/slug` lower-cased. */
  readonly teams: readonly string[];
}

/** Whether `approver` may approve for `rule`. */
export function qualifies(rule: ApprovalRule, approver: Approver, owner: string): boolean {
  if (isOpenRule(rule)) return approver.writeAccess;
  const login = normalizeLogin(approver.login);
  if (rule.users.some((user) => normalizeLogin(user) === login)) return true;
  const teams = new Set(approver.teams.map((team) => team.toLowerCase()));
  return rule.teams.some((team) => teams.has(teamKey(team, owner)));
}

export interface RuleProgress {
  readonly rule: ApprovalRule;
  /** Logins counted for this rule. */
  readonly approvedBy: readonly string[];
  /** Approvals this rule still needs. */
  readonly missing: number;
}

export interface ApprovalEvaluation {
  readonly satisfied: boolean;
  readonly rules: readonly RuleProgress[];
}

/**
 * Matches approvers to rules so that as many approvals count as possible (each approver fills at most
 * one slot of one rule: a maximum bipartite matching over the rules' slots). Approvers are taken
 * oldest first, so an earlier approval keeps its place when a later one could fill the same slot.
 */
export function evaluateApprovals(
  rules: readonly ApprovalRule[],
  approvers: readonly Approver[],
  deployer: string | null,
  owner: string,
): ApprovalEvaluation {
  const excluded = deployer === null ? undefined : normalizeLogin(deployer);
  const seen = new Set<string>();
  const eligible = approvers.filter((approver) => {
    const login = normalizeLogin(approver.login);
    if (login === excluded || seen.has(login)) return false;
    seen.add(login);
    return true;
  });
  const slots = rules.flatMap((rule, index) => Array.from({ length: rule.count }, () => index));
  const holder: (number | undefined)[] = slots.map(() => undefined);

  const assign = (approver: number, visited: Set<number>): boolean => {
    for (const [slot, ruleIndex] of slots.entries()) {
      const rule = rules[ruleIndex];
      const candidate = eligible[approver];
      if (!rule || !candidate || visited.has(slot) || !qualifies(rule, candidate, owner)) continue;
      visited.add(slot);
      const current = holder[slot];
      if (current === undefined || assign(current, visited)) {
        holder[slot] = approver;
        return true;
      }
    }
    return false;
  };
  for (const index of eligible.keys()) assign(index, new Set());

  const progress = rules.map((rule, ruleIndex) => {
    const approvedBy = slots
      .map((owningRule, slot) => (owningRule === ruleIndex ? holder[slot] : undefined))
      .filter((approver): approver is number => approver !== undefined)
      .sort((a, b) => a - b)
      .map((approver) => eligible[approver]?.login ?? '');
    return { rule, approvedBy, missing: rule.count - approvedBy.length };
  });
  return { satisfied: progress.every((p) => p.missing === 0), rules: progress };
}

/** `2 from @acme/sre or @alice`, `1 from anyone with write access`. */
export function describeRule(rule: ApprovalRule, owner: string): string {
  const who = [
    ...rule.teams.map((team) => `@${teamKey(team, owner)}`),
    ...rule.users.map((user) => `@${user.replace(/^@/, '')}`),
  ];
  return `${rule.count} from ${who.length === 0 ? 'anyone with write access' : who.join(' or ')}`;
}
