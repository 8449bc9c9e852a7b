// In-process usage ledger for `ark run` and tests: the same counters as Redis, in a Map.
// Windows older than the current ones are dropped on each record, so memory stays bounded.
import { checkSpend, CounterSnapshot, spendScopes, windowKey } from './ledger.js';
import type { TokenSpend, UsageLedger, UsageSnapshot } from './ledger.js';
import { scopeField } from './fields.js';
import { currentWindows } from './periods.js';

export class MemoryUsageLedger implements UsageLedger {
  private readonly windows = new Map<string, Map<string, number>>();

  async record(spend: TokenSpend): Promise<void> {
    checkSpend(spend);
    for (const window of currentWindows(spend.at)) {
      const key = windowKey(window);
      this.dropWindowsBefore(window.period, key);
      let counters = this.windows.get(key);
      if (!counters) this.windows.set(key, (counters = new Map()));
      for (const scope of spendScopes(spend)) {
        const field = scopeField(scope);
        counters.set(field, (counters.get(field) ?? 0) + spend.tokens);
      }
    }
  }

  /** Window keys of one period sort by time (`daily:2026-11-30` < `daily:2026-12-01`). */
  private dropWindowsBefore(period: string, key: string): void {
    for (const old of this.windows.keys()) if (old.startsWith(`${period}:`) && old < key) this.windows.delete(old);
  }

  snapshot(at: number): Promise<UsageSnapshot> {
    const counters = new Map<string, ReadonlyMap<string, number>>();
    for (const window of currentWindows(at)) {
      const key = windowKey(window);
      counters.set(key, new Map(this.windows.get(key) ?? []));
    }
    return Promise.resolve(new CounterSnapshot(at, counters, scopeField));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
