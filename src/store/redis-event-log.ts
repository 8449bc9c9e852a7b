// EventLog on Redis Streams: one stream per run whose entry ids are `0-<seq>`, so reading
// "after seq n" is a range read and the stream itself refuses an event out of order.
// Bounded (MAXLEN ~) and expiring (see retention.ts). `follow` blocks in XREAD on a
// connection of its own, opened for the follow and closed when it ends; events already
// stored when it starts are read first, without blocking.
import type { Redis } from 'ioredis';
import type { EventLog } from '../engine/event-log.js';
import type { LoggedEvent } from '../engine/events.js';
import { runLogKey } from '../queue/names.js';
import { closeRedis } from '../queue/redis-connection.js';
import { RUN_RETENTION_DEFAULTS, type RunRetention } from './retention.js';

type Entry = [string, string[]];
/** How long one blocking read waits before looking again (closing the follow interrupts it). */
const FOLLOW_BLOCK_MS = 5_000;
const FOLLOW_BATCH = 1_000;

export class RedisEventLog implements EventLog {
  private readonly retention: Required<RunRetention>;

  constructor(
    private readonly redis: Redis,
    /** Opens a connection for one follower's blocking reads. */
    private readonly connectBlocking: () => Redis,
    retention: RunRetention = {},
  ) {
    this.retention = { ...RUN_RETENTION_DEFAULTS, ...retention };
  }

  async append(runId: string, events: readonly LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const key = runLogKey(runId);
    const batch = this.redis.multi();
    for (const event of events) batch.xadd(key, 'MAXLEN', '~', this.retention.maxEventsPerRun, `0-${event.seq}`, 'e', JSON.stringify(event));
    batch.pexpire(key, this.retention.retentionMs);
    const replies = (await batch.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed) throw new Error(`run ${runId}: appending events ${events[0]!.seq}–${events.at(-1)!.seq} to ${key} failed: ${failed[0]!.message}`);
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

function decode([, fields]: Entry): LoggedEvent {
  const at = fields.indexOf('e');
  return JSON.parse(fields[at + 1] ?? 'null') as LoggedEvent;
}
