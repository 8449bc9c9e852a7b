// A keyed work queue with client-go's semantics: a key added many times while it waits is
// processed once; a key is never processed by two workers at once (an add while it is being
// processed marks it dirty and it runs again afterwards); failures are retried per key with
// exponential backoff; `{ requeueAfter }` re-adds a key after a delay. All waiting goes
// through the injected Clock, so tests move time instead of sleeping.
import type { Clock, Timer } from '../engine/clock.js';
import { outcomeOf, TerminalError } from './result.js';
import type { ReconcileOutcome, ReconcileResult } from './result.js';

/** What the queue reports, for metrics; every method is optional work for the caller. */
export interface QueueObserver {
  added(): void;
  depth(depth: number): void;
  /** Seconds a key waited from add to the start of its processing. */
  queued(seconds: number): void;
  /** Seconds one processing took, and how it ended. */
  worked(seconds: number, outcome: ReconcileOutcome): void;
  retried(): void;
}

export interface WorkQueueOptions {
  clock: Clock;
  process(key: string): Promise<ReconcileResult | void>;
  /** Called with the error of a failed processing (retryable or terminal). */
  onError(key: string, error: unknown): void;
  workers?: number;
  /** First retry delay; doubles per consecutive failure of the key up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  observer?: QueueObserver;
}

export class WorkQueue {
  private readonly ready: string[] = [];
  /** Keys waiting to be processed (in `ready` or to be re-queued after processing), with the time they were added. */
  private readonly dirty = new Map<string, number>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; timer: Timer }>();
  private active = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions) {}

  /** Adds a key now; a no-op while it already waits. */
  add(key: string): void {
    if (this.stopped || this.dirty.has(key)) return;
    this.dirty.set(key, this.options.clock.now());
    this.options.observer?.added();
    if (!this.processing.has(key)) this.ready.push(key);
    this.reportDepth();
    this.pump();
  }

  /** Adds a key after `ms`; an earlier pending delay of the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const at = this.options.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.options.clock.setTimer(ms, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { at, timer });
  }

  /** Keys waiting (not counting delayed ones). */
  get depth(): number {
    return this.ready.length;
  }

  /** Consecutive failures of a key (0 after a success). */
  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Resolves when nothing is waiting or being processed (delayed keys do not count). */
  idle(): Promise<void> {
    if (this.active === 0 && this.ready.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking keys and cancels delayed ones; processing already started finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.delayed.values()) timer.cancel();
    this.delayed.clear();
    this.ready.length = 0;
    this.dirty.clear();
    await this.idle();
  }

  private pump(): void {
    const workers = this.options.workers ?? 2;
    while (!this.stopped && this.active < workers && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      const addedAt = this.dirty.get(key) ?? this.options.clock.now();
      this.dirty.delete(key);
      this.processing.add(key);
      this.active++;
      this.reportDepth();
      this.options.observer?.queued((this.options.clock.now() - addedAt) / 1000);
      void this.run(key);
    }
    if (this.active === 0 && this.ready.length === 0) this.wakeIdle();
  }

  private async run(key: string): Promise<void> {
    const started = this.options.clock.now();
    let result: ReconcileResult | void = undefined;
    let error: unknown = undefined;
    try {
      result = await this.options.process(key);
    } catch (caught) {
      error = caught ?? new Error('reconcile failed');
    }
    this.options.observer?.worked((this.options.clock.now() - started) / 1000, outcomeOf(result, error));
    this.processing.delete(key);
    this.active--;
    this.settle(key, result, error);
    if (this.dirty.has(key) && !this.stopped) this.ready.push(key);
    this.reportDepth();
    this.pump();
  }

  private settle(key: string, result: ReconcileResult | void, error: unknown): void {
    if (error === undefined || error instanceof TerminalError) {
      this.failures.delete(key);
      if (error !== undefined) this.options.onError(key, error);
      if (result?.requeueAfter !== undefined) this.addAfter(key, result.requeueAfter);
      return;
    }
    this.options.onError(key, error);
    const failures = this.failuresOf(key);
    this.failures.set(key, failures + 1);
    this.options.observer?.retried();
    this.addAfter(key, this.backoff(failures));
  }

  private backoff(failures: number): number {
    const base = this.options.baseDelayMs ?? 5;
    const max = this.options.maxDelayMs ?? 1000_000;
    return Math.min(max, base * 2 ** Math.min(failures, 40));
  }

  private reportDepth(): void {
    this.options.observer?.depth(this.ready.length);
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
