// The daily token budgets of an agent pod, enforced around its provider: before each LLM
// call the agent's and its team's usage of the current UTC day is read from the usage
// ledger (shared with admission), and a spent budget fails the call with the numbers and
// when the window resets; after each call its tokens are recorded. A failure to read or
// write the ledger fails the call too (a budget that cannot be checked is not bypassed).
import { formatInstant, periodWindow } from '../budget/periods.js';
import type { UsageLedger } from '../budget/ledger.js';
import type { Clock } from '../engine/clock.js';
import { TaskError } from '../engine/ports.js';
import type { Provider } from '../providers/types.js';

export interface BudgetScope {
  namespace: string;
  agent: string;
  /** limits.maxDailyTokens of the ArkAgent; undefined = no limit. */
  agentDailyTokens: number | undefined;
  team?: { name: string; maxDailyTokens: number | undefined };
}

export function budgetedProvider(provider: Provider, ledger: UsageLedger, scope: BudgetScope, clock: Clock): Provider {
  return {
    name: provider.name,
    async complete(request) {
      await checkBudget(ledger, scope, clock.now());
      const result = await provider.complete(request);
      await ledger.record({
        namespace: scope.namespace, agent: scope.agent, ...(scope.team ? { team: scope.team.name } : {}),
        tokens: result.usage.total, at: clock.now(),
      });
      return result;
    },
  };
}

async function checkBudget(ledger: UsageLedger, scope: BudgetScope, now: number): Promise<void> {
  const limits = [
    { kind: 'agent' as const, name: scope.agent, limit: scope.agentDailyTokens, field: `ArkAgent ${scope.agent} spec.limits.maxDailyTokens` },
    ...(scope.team ? [{ kind: 'team' as const, name: scope.team.name, limit: scope.team.maxDailyTokens, field: `ArkTeam ${scope.team.name} spec.limits.maxDailyTokens` }] : []),
  ].filter((entry) => entry.limit !== undefined);
  if (limits.length === 0) return;
  const window = periodWindow('daily', now);
  const usage = await ledger.snapshot(now);
  for (const entry of limits) {
    const used = usage.used({ kind: entry.kind, namespace: scope.namespace, name: entry.name }, window);
    if (used >= entry.limit!) {
      throw new TaskError(`daily token budget spent: ${entry.field} is ${entry.limit}, ${used} used today; it resets at ${formatInstant(window.resetsAt)}`);
    }
  }
}
