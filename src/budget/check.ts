// The budget check of admission and task submission: is the work's namespace, team or agent
// out of tokens for the current window? Pure: the caller hands in the budgets and a usage
// snapshot it holds in memory (the webhook and the aggregated API server both call this).
import type { ArkBudgetSpec, ArkTeamSpec } from '../api/index.js';
import { fieldError, fieldWarning } from '../core/issues.js';
import type { FieldIssue } from '../core/issues.js';
import type { UsageScope, UsageSnapshot } from './ledger.js';
import { formatInstant, periodWindow, windowPhrase } from './periods.js';
import type { PeriodWindow } from './periods.js';

export interface BudgetObject {
  namespace: string;
  name: string;
  spec: ArkBudgetSpec;
}

export interface LabelledTeam {
  name: string;
  labels: Readonly<Record<string, string>>;
}

/** The work asking for tokens: a run of a team, or a task of an agent. */
export interface BudgetTarget {
  namespace: string;
  team?: LabelledTeam & { maxDailyTokens?: number | undefined };
  /** Agents the work runs on (a run: every agent of its team). */
  agents: readonly string[];
}

export interface BudgetState {
  /** ArkBudgets of the target's namespace. */
  budgets: readonly BudgetObject[];
  usage: UsageSnapshot;
  now: number;
  /** Teams of the namespace, for budgets that select teams by label. */
  teams: readonly LabelledTeam[];
}

/** One denial per limit used up; a warning per budget past its warnAtPercent. */
export function checkBudgets(target: BudgetTarget, state: BudgetState): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const team = target.team;
  if (team?.maxDailyTokens !== undefined) {
    const window = periodWindow('daily', state.now);
    const used = state.usage.used({ kind: 'team', namespace: target.namespace, name: team.name }, window);
    if (used >= team.maxDailyTokens) issues.push(fieldError('', spentLine(`ArkTeam ${team.name} spec.limits.maxDailyTokens`, used, team.maxDailyTokens, window)));
  }
  for (const budget of state.budgets) {
    const scopes = coveredScopes(budget.spec, target, state.teams);
    if (scopes === undefined) continue;
    const window = periodWindow(budget.spec.period, state.now);
    const used = scopes.reduce((sum, scope) => sum + state.usage.used(scope, window), 0);
    issues.push(...budgetIssues(budget, used, window));
  }
  return issues;
}

/** The agents a run of `team` uses: `{team}-{role}` for inline roles, the referenced ArkAgent otherwise. */
export function teamAgents(teamName: string, spec: Pick<ArkTeamSpec, 'roles'>): string[] {
  return spec.roles.flatMap((role) =>
    role.model !== undefined ? [`${teamName}-${role.name}`] : role.arkAgent !== undefined ? [role.arkAgent] : []);
}

function budgetIssues(budget: BudgetObject, used: number, window: PeriodWindow): FieldIssue[] {
  const { maxTokens, warnAtPercent } = budget.spec;
  const who = `ArkBudget ${budget.name}`;
  if (used >= maxTokens) return [fieldError('', spentLine(who, used, maxTokens, window))];
  if (warnAtPercent === undefined || used * 100 < warnAtPercent * maxTokens) return [];
  const percent = Math.floor((used * 100) / maxTokens);
  return [fieldWarning('', `${who}: ${used}/${maxTokens} tokens used ${windowPhrase(window.period)} (${percent}%, warnAtPercent ${warnAtPercent}); resets at ${formatInstant(window.resetsAt)}`)];
}

/** `ArkBudget team-cap: 10000/10000 tokens used today; resets at 2026-12-02T00:00:00Z` */
function spentLine(who: string, used: number, limit: number, window: PeriodWindow): string {
  return `${who}: ${used}/${limit} tokens used ${windowPhrase(window.period)}; resets at ${formatInstant(window.resetsAt)}`;
}

/**
 * The counters a budget adds up when it covers the target; undefined when it does not.
 * No selector: the namespace. `team` / `agent`: that counter. `matchLabels` alone: every
 * team of the namespace carrying the labels (with `team`, the labels must match it too).
 */
function coveredScopes(spec: ArkBudgetSpec, target: BudgetTarget, teams: readonly LabelledTeam[]): UsageScope[] | undefined {
  const { namespace } = target;
  const selector = spec.selector ?? {};
  const labels = selector.matchLabels ?? {};
  if (selector.agent !== undefined) {
    return target.agents.includes(selector.agent) ? [{ kind: 'agent', namespace, name: selector.agent }] : undefined;
  }
  if (selector.team !== undefined) {
    const covers = target.team?.name === selector.team && labelsMatch(target.team.labels, labels);
    return covers ? [{ kind: 'team', namespace, name: selector.team }] : undefined;
  }
  if (Object.keys(labels).length === 0) return [{ kind: 'namespace', namespace }];
  if (target.team === undefined || !labelsMatch(target.team.labels, labels)) return undefined;
  const matching = teams.filter((team) => labelsMatch(team.labels, labels)).map((team) => team.name);
  if (!matching.includes(target.team.name)) matching.push(target.team.name);
  return matching.map((name) => ({ kind: 'team', namespace, name }));
}

function labelsMatch(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}
