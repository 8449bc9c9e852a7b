// The behaviour every UsageLedger adapter must show; memory.test.ts and the Redis
// integration test run it (the Redis one against a real redis-server).
import { describe, expect, it } from 'vitest';
import type { UsageLedger } from './ledger.js';
import { periodWindow } from './periods.js';

export interface LedgerFactory {
  create(): Promise<UsageLedger>;
}

const MON_1_DEC = Date.UTC(2026, 11, 1, 10, 0, 0); // Tuesday 2026-12-01 (ISO week 49)
const team = { kind: 'team', namespace: 'ns', name: 'research' } as const;
const agent = { kind: 'agent', namespace: 'ns', name: 'research-writer' } as const;
const namespace = { kind: 'namespace', namespace: 'ns' } as const;

export function ledgerContract(name: string, factory: LedgerFactory): void {
  describe(`${name}: UsageLedger contract`, () => {
    it('counts a spend for its namespace, team and agent in the day, week and month', async () => {
      const ledger = await factory.create();
      await ledger.record({ namespace: 'ns', team: 'research', agent: 'research-writer', tokens: 120, at: MON_1_DEC });
      await ledger.record({ namespace: 'ns', team: 'research', tokens: 30, at: MON_1_DEC + 1000 });
      const usage = await ledger.snapshot(MON_1_DEC + 2000);
      for (const period of ['daily', 'weekly', 'monthly'] as const) {
        const window = periodWindow(period, MON_1_DEC);
        expect([usage.used(namespace, window), usage.used(team, window), usage.used(agent, window)]).toEqual([150, 150, 120]);
      }
      await ledger.close();
    });

    it('starts every window at zero: the next day, week and month do not see older spends', async () => {
      const ledger = await factory.create();
      await ledger.record({ namespace: 'ns', team: 'research', tokens: 500, at: Date.UTC(2026, 10, 30, 23, 59, 59) });
      const at = Date.UTC(2026, 11, 1, 0, 0, 1);
      const usage = await ledger.snapshot(at);
      expect(usage.used(team, periodWindow('daily', at))).toBe(0);
      expect(usage.used(team, periodWindow('monthly', at))).toBe(0);
      expect(usage.used(team, periodWindow('weekly', at))).toBe(500); // Mon 30 Nov and Tue 1 Dec share ISO week 49
      await ledger.close();
    });

    it('loses no increment when many spends race', async () => {
      const ledger = await factory.create();
      await Promise.all(Array.from({ length: 200 }, () => ledger.record({ namespace: 'ns', team: 'research', tokens: 5, at: MON_1_DEC })));
      const usage = await ledger.snapshot(MON_1_DEC);
      expect(usage.used(team, periodWindow('daily', MON_1_DEC))).toBe(1000);
      await ledger.close();
    });

    it('rejects a spend that is not a whole, non-negative number of tokens', async () => {
      const ledger = await factory.create();
      await expect(ledger.record({ namespace: 'ns', tokens: -1, at: MON_1_DEC })).rejects.toThrow(/tokens must be a whole number ≥ 0, got -1/);
      await expect(ledger.record({ namespace: 'ns', tokens: 1.5, at: MON_1_DEC })).rejects.toThrow(/got 1.5/);
      await ledger.close();
    });
  });
}
