// The usage figures admission answers from: a snapshot of the ledger, re-read every
// refreshMs, so no request waits on Redis. Staleness bound: a spend recorded at time t is
// seen by checks from t + refreshMs + one ledger read (500 ms + a Redis round trip by
// default) at the latest, while the ledger answers. When it stops answering the last
// snapshot stays in use and stale() says for how long.
import type { Clock } from '../engine/ports.js';
import { CounterSnapshot } from './ledger.js';
import type { UsageLedger, UsageSnapshot } from './ledger.js';

export interface UsageCacheOptions {
  ledger: UsageLedger;
  clock: Clock;
  /** Pause between the end of one read and the start of the next; at most 1,000 ms. */
  refreshMs?: number;
  /** Told about each failed read (the cache keeps its last snapshot). */
  onError?: (error: Error) => void;
}

const DEFAULT_REFRESH_MS = 500;
const EMPTY = new CounterSnapshot(0, new Map(), () => '');

export class UsageCache {
  private snapshot: UsageSnapshot = EMPTY;
  private loaded = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly refreshMs: number;

  constructor(private readonly options: UsageCacheOptions) {
    const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    if (!(refreshMs > 0 && refreshMs <= 1000)) throw new RangeError(`usage refresh interval must be 1-1000 ms, got ${refreshMs}`);
    this.refreshMs = refreshMs;
  }

  /** Reads once (a failure is reported, not thrown), then keeps refreshing until stop(). */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The latest snapshot; empty (all zero) until the first read succeeds. */
  current(): UsageSnapshot {
    return this.snapshot;
  }

  /** True once a snapshot was read. */
  ready(): boolean {
    return this.loaded;
  }

  /** How old the snapshot is (ms), when it is older than `limitMs`; undefined when fresh. */
  stale(limitMs: number): number | undefined {
    const age = this.options.clock.now() - this.snapshot.readAt;
    return this.loaded && age <= limitMs ? undefined : age;
  }

  /** Reads the ledger now; resolves when the new snapshot is in place (or the read failed). */
  async refresh(): Promise<void> {
    try {
      this.snapshot = await this.options.ledger.snapshot(this.options.clock.now());
      this.loaded = true;
    } catch (error) {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().then(() => this.schedule()), this.refreshMs);
    this.timer.unref();
  }
}
