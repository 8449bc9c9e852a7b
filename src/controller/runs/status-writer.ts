// Writes one ArkRun's status, coalesced: at most one write in flight, the latest status
// wins (states set while a write is in flight replace each other, and only the newest is
// sent next), and a failed write is retried with a doubling backoff until it lands, so the
// final status always lands. A wide DAG changing hundreds of steps at once costs a handful
// of writes, not hundreds.
import type { Clock, Timer } from '../../engine/clock.js';

export const FIRST_RETRY_MS = 100;
export const MAX_RETRY_MS = 5_000;

export interface StatusWriterOptions<S> {
  clock: Clock;
  write(status: S): Promise<void>;
  /** A failed write; it is retried after `delayMs` unless `fatal` says it cannot succeed. */
  onError(error: unknown, attempt: number, delayMs: number): void;
  /** A write landed after failures. */
  onRecovered?(): void;
  /** True for errors that no retry can fix (the object is gone): the pending status is dropped. */
  fatal?(error: unknown): boolean;
}

export class StatusWriter<S> {
  private pending: S | undefined;
  private writing = false;
  private failures = 0;
  private timer: Timer | undefined;
  private closed = false;
  private waiters: (() => void)[] = [];
  /** How many writes were sent (for tests and metrics). */
  writes = 0;

  constructor(private readonly options: StatusWriterOptions<S>) {}

  /** Sets the status to write; replaces any status not yet sent. */
  update(status: S): void {
    if (this.closed) return;
    this.pending = status;
    this.pump();
  }

  /** Resolves when nothing is pending or in flight (or the writer was closed). */
  flush(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops whatever is pending and stops retrying (the run's object is gone). */
  close(): void {
    this.closed = true;
    this.pending = undefined;
    this.timer?.cancel();
    this.timer = undefined;
    this.settle();
  }

  private idle(): boolean {
    return this.pending === undefined && !this.writing;
  }

  private pump(): void {
    if (this.writing || this.timer !== undefined || this.pending === undefined || this.closed) return;
    const status = this.pending;
    this.pending = undefined;
    this.writing = true;
    this.writes++;
    this.options.write(status).then(
      () => this.landed(),
      (error: unknown) => this.failed(status, error),
    );
  }

  private landed(): void {
    this.writing = false;
    if (this.failures > 0) this.options.onRecovered?.();
    this.failures = 0;
    this.pump();
    this.settle();
  }

  private failed(status: S, error: unknown): void {
    this.writing = false;
    if (this.closed || this.options.fatal?.(error)) {
      this.pending = undefined;
      this.settle();
      return;
    }
    this.failures++;
    // A newer status set meanwhile is the one to retry with.
    this.pending ??= status;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    this.options.onError(error, this.failures, delay);
    this.timer = this.options.clock.setTimer(delay, () => {
      this.timer = undefined;
      this.pump();
    });
  }

  private settle(): void {
    if (!this.idle() && !this.closed) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
