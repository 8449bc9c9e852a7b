// The Redis usage ledger against a real redis-server: the same contract as the memory one,
// plus the key layout (one hash per window, expiring after it) and concurrent writers.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerContract } from '../../src/budget/contract.js';
import { RedisUsageLedger } from '../../src/budget/redis.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';

let server: RedisServer;
let prefixes = 0;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server.stop(); });

ledgerContract('redis', { create: () => Promise.resolve(new RedisUsageLedger(new Redis(server.url), `test${++prefixes}`)) });

describe('redis usage ledger layout', () => {
  it('keeps one hash per window under the {usage} hash tag, expiring a week after the window', async () => {
    const redis = new Redis(server.url);
    const ledger = new RedisUsageLedger(redis, 'layout');
    const at = Date.UTC(2026, 11, 1, 12);
    await ledger.record({ namespace: 'ns', team: 't', tokens: 7, at });
    expect((await redis.keys('layout:*')).sort()).toEqual(['layout:{usage}:daily:2026-12-01', 'layout:{usage}:monthly:2026-12', 'layout:{usage}:weekly:2026-W49']);
    expect(await redis.hgetall('layout:{usage}:daily:2026-12-01')).toEqual({ 'ns/namespace': '7', 'ns/team/t': '7' });
    expect(await redis.pexpiretime('layout:{usage}:daily:2026-12-01')).toBe(Date.UTC(2026, 11, 9));
    await ledger.close();
  });

  it('counts every spend of several writers on separate connections', async () => {
    const writers = Array.from({ length: 4 }, () => new RedisUsageLedger(new Redis(server.url), 'race'));
    const at = Date.UTC(2026, 11, 1, 12);
    await Promise.all(writers.flatMap((w) => Array.from({ length: 50 }, () => w.record({ namespace: 'ns', agent: 'a', tokens: 3, at }))));
    const usage = await writers[0]!.snapshot(at);
    expect(usage.used({ kind: 'agent', namespace: 'ns', name: 'a' }, { period: 'monthly', id: '2026-12', start: 0, resetsAt: 0 })).toBe(600);
    await Promise.all(writers.map((w) => w.close()));
  });
});
