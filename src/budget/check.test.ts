import { describe, expect, it } from 'vitest';
import { arkBudgetSpec } from '../api/index.js';
import { formatIssue } from '../core/issues.js';
import { checkBudgets, teamAgents } from './check.js';
import type { BudgetState, BudgetTarget } from './check.js';
import { MemoryUsageLedger } from './memory.js';

const NOW = Date.parse('2026-12-01T15:00:00Z');
const budget = (name: string, spec: unknown) => ({ namespace: 'ns', name, spec: arkBudgetSpec.parse(spec) });
const run: BudgetTarget = { namespace: 'ns', team: { name: 'research', labels: { tier: 'gold' } }, agents: ['research-writer', 'shared'] };

async function state(spends: { team?: string; agent?: string; tokens: number }[], budgets: BudgetState['budgets']): Promise<BudgetState> {
  const ledger = new MemoryUsageLedger();
  for (const spend of spends) await ledger.record({ namespace: 'ns', ...spend, at: NOW });
  return { budgets, usage: await ledger.snapshot(NOW), now: NOW, teams: [{ name: 'research', labels: { tier: 'gold' } }, { name: 'other', labels: { tier: 'gold' } }] };
}
const text = (issues: ReturnType<typeof checkBudgets>) => issues.map((i) => `${i.severity}: ${formatIssue(i)}`);

describe('checkBudgets', () => {
  it('denies a run once its team budget is spent, saying who used what and when it resets', async () => {
    const s = await state([{ team: 'research', tokens: 10_000 }], [budget('team-cap', { selector: { team: 'research' }, maxTokens: 10_000 })]);
    expect(text(checkBudgets(run, s))).toEqual(['error: ArkBudget team-cap: 10000/10000 tokens used today; resets at 2026-12-02T00:00:00Z']);
  });

  it('allows below the limit and warns from warnAtPercent on', async () => {
    const cap = budget('team-cap', { selector: { team: 'research' }, period: 'weekly', maxTokens: 10_000, warnAtPercent: 80 });
    expect(checkBudgets(run, await state([{ team: 'research', tokens: 7_999 }], [cap]))).toEqual([]);
    expect(text(checkBudgets(run, await state([{ team: 'research', tokens: 8_000 }], [cap])))).toEqual([
      'warning: ArkBudget team-cap: 8000/10000 tokens used this week (80%, warnAtPercent 80); resets at 2026-12-07T00:00:00Z']);
  });

  it('counts the namespace for a budget without selector, and sums labelled teams for matchLabels', async () => {
    const spends = [{ team: 'other', tokens: 600 }, { team: 'research', tokens: 500 }];
    const s = await state(spends, [budget('ns-cap', { period: 'monthly', maxTokens: 1_100 }), budget('gold', { selector: { matchLabels: { tier: 'gold' } }, maxTokens: 1_000 })]);
    expect(text(checkBudgets(run, s))).toEqual([
      'error: ArkBudget ns-cap: 1100/1100 tokens used this month; resets at 2027-01-01T00:00:00Z',
      'error: ArkBudget gold: 1100/1000 tokens used today; resets at 2026-12-02T00:00:00Z',
    ]);
    expect(checkBudgets({ ...run, team: { name: 'research', labels: {} } }, { ...s, budgets: s.budgets.slice(1) })).toEqual([]);
  });

  it('applies agent budgets to runs that use the agent, and the team daily limit', async () => {
    const s = await state([{ agent: 'shared', team: 'research', tokens: 50 }], [budget('agent-cap', { selector: { agent: 'shared' }, maxTokens: 50 }), budget('elsewhere', { selector: { agent: 'x' }, maxTokens: 1 })]);
    const limited = { ...run, team: { name: 'research', labels: {}, maxDailyTokens: 40 } };
    expect(text(checkBudgets(limited, s))).toEqual([
      'error: ArkTeam research spec.limits.maxDailyTokens: 50/40 tokens used today; resets at 2026-12-02T00:00:00Z',
      'error: ArkBudget agent-cap: 50/50 tokens used today; resets at 2026-12-02T00:00:00Z',
    ]);
  });

  it('names the agents of a team: inline roles as {team}-{role}, references as written', () => {
    expect(teamAgents('t', { roles: [{ name: 'a', model: 'mock' }, { name: 'b', arkAgent: 'shared' }, { name: 'c', arkTeam: 'sub' }] })).toEqual(['t-a', 'shared']);
  });
});
