// The two timers of a Redis consumer. Heartbeat: while tasks run, XCLAIM them to itself
// every third of the visibility timeout, which resets their idle time, so a live consumer
// keeps a long task. Reclaim: every quarter of the timeout, XAUTOCLAIM entries idle longer
// than the timeout (their consumer stopped heartbeating: it died) and hand them to
// `onEntry`. Both stop when the consumer closes or crashes.
import type { Redis } from 'ioredis';
import type { Clock, Timer } from '../engine/clock.js';
import { CONSUMER_GROUP, queueKeys } from './names.js';
import { readEntry, type TaskEntry } from './wire.js';

type Entries = [string, string[] | null][];
type Read = ReturnType<typeof readEntry>;

export interface ReclaimDeps {
  queue: string;
  redis: Redis;
  clock: Clock;
  consumer: string;
  visibilityTimeoutMs: number;
  /** Entry ids this consumer is running now. */
  activeEntries(): string[];
  onEntry(entry: Read): Promise<void>;
  /** A failed heartbeat or reclaim round (the next round tries again). */
  onError(error: unknown): void;
}

/** Entries claimed per XAUTOCLAIM call. */
const CLAIM_BATCH = 100;

export class Reclaimer {
  private readonly heartbeat: Repeating;
  private readonly reclaim: Repeating;
  private readonly stream: string;

  constructor(private readonly deps: ReclaimDeps) {
    this.stream = queueKeys(deps.queue).stream;
    const visibility = deps.visibilityTimeoutMs;
    this.heartbeat = repeat(deps, Math.max(10, visibility / 3), () => this.beat());
    this.reclaim = repeat(deps, Math.min(5_000, Math.max(10, visibility / 4)), () => this.claimAbandoned());
  }

  stopReclaiming(): void {
    this.reclaim.stop();
  }

  stop(): void {
    this.reclaim.stop();
    this.heartbeat.stop();
  }

  /**
   * Entries delivered to this consumer that it is not running (read as it was closing):
   * hands each to `requeue` at once, so nothing waits for the visibility timeout.
   */
  async handBackStrays(requeue: (entry: TaskEntry) => Promise<unknown>): Promise<void> {
    const pending = (await this.deps.redis.xpending(this.stream, CONSUMER_GROUP, '-', '+', 1_000, this.deps.consumer)) as [string, ...unknown[]][];
    const ids = pending.map(([id]) => id).filter((id) => !this.deps.activeEntries().includes(id));
    if (ids.length > 0) {
      const claimed = (await this.deps.redis.xclaim(this.stream, CONSUMER_GROUP, this.deps.consumer, 0, ...ids)) as Entries;
      for (const [id, fields] of claimed) {
        const entry = fields ? readEntry(id, fields) : undefined;
        if (entry && !('problem' in entry)) await requeue(entry);
      }
    }
    await this.deps.redis.xgroup('DELCONSUMER', this.stream, CONSUMER_GROUP, this.deps.consumer);
  }

  private async beat(): Promise<void> {
    const ids = this.deps.activeEntries();
    if (ids.length === 0) return;
    await this.deps.redis.xclaim(this.stream, CONSUMER_GROUP, this.deps.consumer, 0, ...ids, 'JUSTID');
  }

  private async claimAbandoned(): Promise<void> {
    let cursor = '0-0';
    do {
      const reply = (await this.deps.redis.xautoclaim(this.stream, CONSUMER_GROUP, this.deps.consumer, this.deps.visibilityTimeoutMs, cursor, 'COUNT', CLAIM_BATCH)) as [string, Entries];
      cursor = reply[0];
      for (const [id, fields] of reply[1]) if (fields) await this.deps.onEntry(readEntry(id, fields));
    } while (cursor !== '0-0' && !this.reclaim.stopped);
  }
}

interface Repeating { readonly stopped: boolean; stop(): void }

/** Runs `tick` every `ms`, each round after the previous one finished, until stopped. */
function repeat(deps: { clock: Clock; onError(error: unknown): void }, ms: number, tick: () => Promise<void>): Repeating {
  let timer: Timer | undefined;
  const state = {
    stopped: false,
    stop() { state.stopped = true; timer?.cancel(); },
  };
  const arm = (): void => {
    timer = deps.clock.setTimer(ms, () => {
      void tick().catch((error: unknown) => { if (!state.stopped) deps.onError(error); }).finally(() => { if (!state.stopped) arm(); });
    });
  };
  arm();
  return state;
}
