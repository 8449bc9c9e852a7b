import { describe, expect, it } from 'vitest';
import type { UsageLedger } from './ledger.js';
import { MemoryUsageLedger } from './memory.js';
import { periodWindow } from './periods.js';
import { UsageCache } from './usage-cache.js';

describe('UsageCache', () => {
  it('answers from its snapshot, refreshes on schedule, and reports staleness while the ledger fails', async () => {
    let now = Date.parse('2026-12-01T12:00:00Z');
    const clock = { now: () => now };
    const memory = new MemoryUsageLedger();
    let failing = false;
    const ledger: UsageLedger = {
      record: (spend) => memory.record(spend),
      snapshot: (at) => (failing ? Promise.reject(new Error('redis down')) : memory.snapshot(at)),
      close: () => memory.close(),
    };
    const errors: string[] = [];
    const cache = new UsageCache({ ledger, clock, refreshMs: 20, onError: (e) => errors.push(e.message) });
    const team = { kind: 'team', namespace: 'ns', name: 't' } as const;
    const today = periodWindow('daily', now);
    await cache.start();
    expect(cache.ready()).toBe(true);
    await memory.record({ namespace: 'ns', team: 't', tokens: 42, at: now });
    expect(cache.current().used(team, today)).toBe(0); // not refreshed yet
    await new Promise((r) => setTimeout(r, 100));
    expect(cache.current().used(team, today)).toBe(42);
    failing = true;
    now += 30_000;
    await new Promise((r) => setTimeout(r, 100));
    expect(errors[0]).toBe('redis down');
    expect(cache.current().used(team, today)).toBe(42);
    expect(cache.stale(10_000)).toBeGreaterThanOrEqual(30_000);
    cache.stop();
  });

  it('refuses a refresh interval over one second (the documented staleness bound)', () => {
    expect(() => new UsageCache({ ledger: new MemoryUsageLedger(), clock: { now: () => 0 }, refreshMs: 5_000 })).toThrow(/1-1000 ms, got 5000/);
  });
});
