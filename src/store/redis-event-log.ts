// EventLog on Redis Streams: one stream per run whose entry ids are `0-<seq>`, so reading
// "after seq n" is a range read. The engine and the agent runtimes all write a run's
// events (each numbering its own), so the log numbers them as they arrive: an append
// script gives each event the next seq of the stream; the event read back carries it.
// Bounded (MAXLEN ~) and expiring (see retention.ts). `follow` blocks in XREAD on a
// connection of its own, opened for the follow and closed when it ends; events already
// stored when it starts are read first, without blocking. A follow ends at the run's end
// as `endedIn` defines it, not at the newest entry: runtimes may append after the end.
import type { Redis } from 'ioredis';
import { endedIn, type EventLog } from '../engine/event-log.js';
import type { LoggedEvent, RunEvent } from '../engine/events.js';
import { LuaScript } from '../queue/lua.js';
import { runLogKey } from '../queue/names.js';
import { closeRedis } from '../queue/redis-connection.js';
import { RUN_RETENTION_DEFAULTS, type RunRetention } from './retention.js';

type Entry = [string, string[]];
/** How long one blocking read waits before checking that the log still exists (closing the follow interrupts it). */
const FOLLOW_BLOCK_MS = 5_000;
const FOLLOW_BATCH = 1_000;
/** Entries per read when looking back for the run's newest start or end. */
const SCAN_PAGE = 500;

/** KEYS: the run's stream. ARGV: max length, retention ms, then one event JSON per entry. */
const APPEND = new LuaScript<number>(`
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
local seq = last and tonumber(string.match(last[1], '-(%d+)$')) or 0
for i = 3, #ARGV do
  seq = seq + 1
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '0-' .. seq, 'e', ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return seq`, 1);

export class RedisEventLog implements EventLog {
  private readonly retention: Required<RunRetention>;
  constructor(
    private readonly redis: Redis,
    /** Opens a connection for one follower's blocking reads. */
    private readonly connectBlocking: () => Redis,
    retention: RunRetention = {},
    /** Tests shorten it to see a removed log end a follow quickly. */
    private readonly followBlockMs = FOLLOW_BLOCK_MS,
  ) {
    this.retention = { ...RUN_RETENTION_DEFAULTS, ...retention };
  }

  async append(runId: string, events: readonly LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const key = runLogKey(runId);
    const encoded = events.map(({ seq: _seq, ...event }) => JSON.stringify(event));
    try {
      await APPEND.run(this.redis, key, this.retention.maxEventsPerRun, this.retention.retentionMs, ...encoded);
    } catch (error) {
      throw new Error(`run ${runId}: appending ${events.length} event(s) to ${key} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async read(runId: string, options: { after?: number; limit?: number } = {}): Promise<LoggedEvent[]> {
    const key = runLogKey(runId);
    const entries = options.limit === undefined
      ? await this.redis.xrange(key, `(0-${options.after ?? 0}`, '+')
      : await this.redis.xrange(key, `(0-${options.after ?? 0}`, '+', 'COUNT', options.limit);
    return entries.map(decode);
  }

  async lastSeq(runId: string): Promise<number> {
    const [entry] = await this.redis.xrevrange(runLogKey(runId), '+', '-', 'COUNT', 1);
    return entry ? decode(entry).seq : 0;
  }

  async ended(runId: string): Promise<boolean> {
    return this.endedBy(runId, '+');
  }

  async *follow(runId: string, after: number, signal: AbortSignal): AsyncIterable<LoggedEvent> {
    const blocking = this.connectBlocking();
    const stop = (): void => blocking.disconnect();
    signal.addEventListener('abort', stop, { once: true });
    try {
      // What is stored already is delivered even when the signal fires during this read.
      const stored = await this.read(runId, { after });
      let position = after;
      for (const event of stored) {
        yield event;
        position = event.seq;
      }
      if (endedIn(stored) ?? (after > 0 && (await this.endedBy(runId, `0-${after}`)))) return;
      // XREAD from an explicit id, never `$`: an event appended since the read above is
      // returned by the first blocking read, not missed.
      while (!signal.aborted) {
        const batch = await this.readBlocking(blocking, runId, position, signal);
        if (batch === undefined) {
          if (position > 0 && (await this.redis.exists(runLogKey(runId))) === 0) return;
          continue;
        }
        for (const event of batch) {
          yield event;
          position = event.seq;
          if (event.type === 'run.completed') return;
        }
      }
    } finally {
      signal.removeEventListener('abort', stop);
      await closeRedis(blocking);
    }
  }

  /**
   * Whether the run had ended by entry id `end` (inclusive): reads back from it, a page at
   * a time, to the newest run.started or run.completed.
   */
  private async endedBy(runId: string, end: string): Promise<boolean> {
    const key = runLogKey(runId);
    for (let upTo = end; ;) {
      const page = await this.redis.xrevrange(key, upTo, '-', 'COUNT', SCAN_PAGE);
      const verdict = endedIn(page.map(decode).reverse());
      if (verdict !== undefined) return verdict;
      if (page.length < SCAN_PAGE) return false;
      upTo = `(${page.at(-1)![0]}`;
    }
  }

  /** The next events after `position`; undefined when none came within the block time, [] when aborted. */
  private async readBlocking(blocking: Redis, runId: string, position: number, signal: AbortSignal): Promise<LoggedEvent[] | undefined> {
    try {
      const reply = (await blocking.xread('COUNT', FOLLOW_BATCH, 'BLOCK', this.followBlockMs, 'STREAMS', runLogKey(runId), `0-${position}`)) as [string, Entry[]][] | null;
      return reply === null ? undefined : (reply[0]?.[1] ?? []).map(decode);
    } catch (error) {
      if (signal.aborted) return [];
      throw error;
    }
  }
}

/** The stored event with the seq of its entry id. */
function decode([id, fields]: Entry): LoggedEvent {
  const at = fields.indexOf('e');
  const event = JSON.parse(fields[at + 1] ?? 'null') as RunEvent;
  return { ...event, seq: Number(id.slice(id.indexOf('-') + 1)) };
}
