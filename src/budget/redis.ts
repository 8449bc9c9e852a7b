// Usage ledger over Redis (ioredis): one hash per budget window, one HINCRBY field per scope.
// A spend updates the day, week and month hashes in one MULTI (atomic; the hashes share a
// cluster slot), and each hash expires a while after its window ends.
import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../queue/names.js';
import { checkSpend, CounterSnapshot, spendScopes, windowKey } from './ledger.js';
import type { TokenSpend, UsageLedger, UsageSnapshot } from './ledger.js';
import { scopeField, windowHashKey } from './fields.js';
import { currentWindows } from './periods.js';

/** How long a window's hash outlives the window (for `status.used` of a period just ended). */
const RETAIN_AFTER_WINDOW_MS = 7 * 86_400_000;

export class RedisUsageLedger implements UsageLedger {
  constructor(private readonly redis: Redis, private readonly prefix: string = DEFAULT_KEY_PREFIX) {}

  async record(spend: TokenSpend): Promise<void> {
    checkSpend(spend);
    const multi = this.redis.multi();
    for (const window of currentWindows(spend.at)) {
      const key = windowHashKey(this.prefix, window);
      for (const scope of spendScopes(spend)) multi.hincrby(key, scopeField(scope), spend.tokens);
      multi.pexpireat(key, window.resetsAt + RETAIN_AFTER_WINDOW_MS);
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (results === null || failed) throw new Error('recording token usage in Redis failed', { cause: failed ?? 'transaction aborted' });
  }

  async snapshot(at: number): Promise<UsageSnapshot> {
    const windows = currentWindows(at);
    const pipeline = this.redis.pipeline();
    for (const window of windows) pipeline.hgetall(windowHashKey(this.prefix, window));
    const replies = (await pipeline.exec()) ?? [];
    const counters = new Map<string, ReadonlyMap<string, number>>();
    windows.forEach((window, index) => {
      const [error, hash] = replies[index] ?? [new Error('no reply')];
      if (error) throw new Error(`reading token usage of ${windowKey(window)} from Redis failed`, { cause: error });
      counters.set(windowKey(window), toCounters(hash as Record<string, string>));
    });
    return new CounterSnapshot(at, counters, scopeField);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** A hash reply as numbers; a field that is not a number (written by someone else) counts as 0. */
function toCounters(hash: Record<string, string>): Map<string, number> {
  const counters = new Map<string, number>();
  for (const [field, text] of Object.entries(hash)) {
    const value = Number(text);
    counters.set(field, Number.isFinite(value) ? value : 0);
  }
  return counters;
}
