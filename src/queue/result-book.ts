// Recorded task results and the callers waiting for them. The first result of a task id
// wins; results are forgotten `ttlMs` after they were recorded.
import type { Clock } from '../engine/clock.js';
import type { TaskOutcome } from '../engine/ports.js';

export type Settled = { ok: true; outcome: TaskOutcome } | { ok: false; error: Error };

export class ResultBook {
  private readonly settled = new Map<string, { result: Settled; expiresAt: number }>();
  private readonly waiters = new Map<string, Set<(result: Settled) => void>>();
  private sweepAt: number;

  constructor(private readonly clock: Clock, private readonly ttlMs: number) {
    this.sweepAt = clock.now() + ttlMs;
  }

  has(taskId: string): boolean {
    return this.get(taskId) !== undefined;
  }

  peek(taskId: string): Settled | undefined {
    return this.get(taskId);
  }

  record(taskId: string, result: Settled): void {
    if (this.has(taskId)) return;
    this.settled.set(taskId, { result, expiresAt: this.clock.now() + this.ttlMs });
    for (const deliver of this.waiters.get(taskId) ?? []) deliver(result);
    this.waiters.delete(taskId);
    this.sweep();
  }

  /** Resolves or rejects with the task's result; aborting `signal` only stops the wait. */
  wait(taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    return new Promise((resolve, reject) => {
      const deliver = (result: Settled): void => {
        signal.removeEventListener('abort', onAbort);
        if (result.ok) resolve(result.outcome);
        else reject(result.error);
      };
      const onAbort = (): void => {
        this.forget(taskId, deliver);
        reject(signal.reason instanceof Error ? signal.reason : new Error(`stopped waiting for task ${taskId}`));
      };
      const done = this.get(taskId);
      if (done) return deliver(done);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      let waiting = this.waiters.get(taskId);
      if (!waiting) this.waiters.set(taskId, (waiting = new Set()));
      waiting.add(deliver);
    });
  }

  /** Rejects every waiter: the queue is closing, no result will reach them. */
  close(): void {
    const closed: Settled = { ok: false, error: new Error('the task queue was closed before the task had a result') };
    for (const waiting of this.waiters.values()) for (const deliver of waiting) deliver(closed);
    this.waiters.clear();
  }

  private get(taskId: string): Settled | undefined {
    const entry = this.settled.get(taskId);
    if (entry && entry.expiresAt <= this.clock.now()) this.settled.delete(taskId);
    return entry && entry.expiresAt > this.clock.now() ? entry.result : undefined;
  }

  private forget(taskId: string, deliver: (result: Settled) => void): void {
    const waiting = this.waiters.get(taskId);
    waiting?.delete(deliver);
    if (waiting?.size === 0) this.waiters.delete(taskId);
  }

  /** Drops expired results, at most once per ttl, so memory stays bounded by one ttl's worth. */
  private sweep(): void {
    const now = this.clock.now();
    if (now < this.sweepAt) return;
    this.sweepAt = now + this.ttlMs;
    for (const [taskId, entry] of this.settled) if (entry.expiresAt <= now) this.settled.delete(taskId);
  }
}
