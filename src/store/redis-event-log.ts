// EventLog on Redis Streams: one stream per run whose entry ids are `0-<seq>`, so reading
// "after seq n" is a range read. The engine and the agent runtimes all write a run's
// events (each numbering its own), so the log numbers them as they arrive: an append
// script gives each event the next seq of the stream; the event read back carries it.
// Bounded (MAXLEN ~) and expiring (see retention.ts). `follow` blocks in XREAD on a
// connection of its own, opened for the follow and closed when it ends; events already
// stored when it starts are read first, without blocking.
import type { Redis } from 'ioredis';
import type { EventLog } from '../engine/event-log.js';
import type { LoggedEvent, RunEvent } from '../engine/events.js';
import { runLogKey } from '../queue/names.js';
import { closeRedis } from '../queue/redis-connection.js';
import { RUN_RETENTION_DEFAULTS, type RunRetention } from './retention.js';

type Entry = [string, string[]];
/** How long one blocking read waits before looking again (closing the follow interrupts it). */
const FOLLOW_BLOCK_MS = 5_000;
const FOLLOW_BATCH = 1_000;

/** KEYS: the run's stream. ARGV: max length, retention ms, then one event JSON per entry. */
const APPEND = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
local seq = last and tonumber(string.match(last[1], '-(%d+)$')) or 0
for i = 3, #ARGV do
  seq = seq + 1
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '0-' .. seq, 'e', ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return seq`;

interface AppendCommand { arkAppendEvents(...args: (string | number)[]): Promise<number> }

export class RedisEventLog implements EventLog {
  private readonly retention: Required<RunRetention>;
  private readonly redis: Redis & AppendCommand;

  constructor(
    redis: Redis,
    /** Opens a connection for one follower's blocking reads. */
    private readonly connectBlocking: () => Redis,
    retention: RunRetention = {},
  ) {
    this.retention = { ...RUN_RETENTION_DEFAULTS, ...retention };
    if (!(redis as Partial<AppendCommand>).arkAppendEvents) redis.defineCommand('arkAppendEvents', { numberOfKeys: 1, lua: APPEND });
    this.redis = redis as Redis & AppendCommand;
  }

  async append(runId: string, events: readonly LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const key = runLogKey(runId);
    const encoded = events.map(({ seq: _seq, ...event }) => JSON.stringify(event));
    try {
      await this.redis.arkAppendEvents(key, this.retention.maxEventsPerRun, this.retention.retentionMs, ...encoded);
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
    return (await this.newest(runId))?.seq ?? 0;
  }

  async *follow(runId: string, after: number, signal: AbortSignal): AsyncIterable<LoggedEvent> {
    const blocking = this.connectBlocking();
    const stop = (): void => blocking.disconnect();
    signal.addEventListener('abort', stop, { once: true });
    try {
      // What is stored already is delivered even when the signal fires during this read.
      let position = after;
      for (const event of await this.read(runId, { after })) {
        yield event;
        position = event.seq;
      }
      if (await this.endsBy(runId, position)) return;
      while (!signal.aborted) {
        const batch = await this.readBlocking(blocking, runId, position, signal);
        for (const event of batch) {
          yield event;
          position = event.seq;
        }
        if (batch.at(-1)?.type === 'run.completed' && (await this.endsBy(runId, position))) return;
      }
    } finally {
      signal.removeEventListener('abort', stop);
      await closeRedis(blocking);
    }
  }

  /** True when the run's newest event is its completion and `position` has reached it. */
  private async endsBy(runId: string, position: number): Promise<boolean> {
    const newest = await this.newest(runId);
    return newest?.type === 'run.completed' && newest.seq <= position;
  }

  private async newest(runId: string): Promise<LoggedEvent | undefined> {
    const [entry] = await this.redis.xrevrange(runLogKey(runId), '+', '-', 'COUNT', 1);
    return entry ? decode(entry) : undefined;
  }

  private async readBlocking(blocking: Redis, runId: string, position: number, signal: AbortSignal): Promise<LoggedEvent[]> {
    try {
      const reply = (await blocking.xread('COUNT', FOLLOW_BATCH, 'BLOCK', FOLLOW_BLOCK_MS, 'STREAMS', runLogKey(runId), `0-${position}`)) as [string, Entry[]][] | null;
      return (reply?.[0]?.[1] ?? []).map(decode);
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
