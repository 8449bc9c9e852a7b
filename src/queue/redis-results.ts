// Task results in Redis, readable by any process: a result is a key written once (SET NX,
// so the first recorded result wins) with the result lifetime as its expiry, announced on
// a channel. A waiter registers before it reads the key, so a result recorded in between
// is not missed; after the subscriber reconnects (announcements may have been lost while
// it was away) every waiter reads its key again.
import type { Redis } from 'ioredis';
import type { TaskOutcome } from '../engine/ports.js';
import { CANCEL_CHANNEL, RESULTS_CHANNEL, resultKey } from './names.js';
import type { Settled } from './result-book.js';
import { decodeResult, encodeResult } from './wire.js';

export class RedisResults {
  private readonly waiters = new Map<string, Set<(result: Settled) => void>>();
  private readonly subscribed: Promise<unknown>;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly ttlMs: number,
    /** Called with the id of every task some process cancelled. */
    onCancel: (taskId: string) => void,
  ) {
    subscriber.on('message', (channel: string, taskId: string) => {
      if (channel === CANCEL_CHANNEL) onCancel(taskId);
      else if (channel === RESULTS_CHANNEL && this.waiters.has(taskId)) void this.check(taskId);
    });
    subscriber.on('ready', () => { for (const taskId of this.waiters.keys()) void this.check(taskId); });
    // A failed subscribe is retried by ioredis on reconnect, and 'ready' re-checks the waiters.
    this.subscribed = subscriber.subscribe(RESULTS_CHANNEL, CANCEL_CHANNEL).catch(() => undefined);
  }

  /** Records the result unless the task has one; true when this one was recorded. */
  async record(taskId: string, result: Settled): Promise<boolean> {
    const set = await this.redis.set(resultKey(taskId), encodeResult(result), 'PX', this.ttlMs, 'NX');
    if (set === null) return false;
    await this.redis.publish(RESULTS_CHANNEL, taskId);
    return true;
  }

  async has(taskId: string): Promise<boolean> {
    return (await this.redis.exists(resultKey(taskId))) === 1;
  }

  async announceCancel(taskId: string): Promise<void> {
    await this.redis.publish(CANCEL_CHANNEL, taskId);
  }

  wait(taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    return new Promise((resolve, reject) => {
      const deliver = (result: Settled): void => {
        signal.removeEventListener('abort', onAbort);
        this.forget(taskId, deliver);
        if (result.ok) resolve(result.outcome);
        else reject(result.error);
      };
      const onAbort = (): void => {
        this.forget(taskId, deliver);
        reject(signal.reason instanceof Error ? signal.reason : new Error(`stopped waiting for task ${taskId}`));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      let waiting = this.waiters.get(taskId);
      if (!waiting) this.waiters.set(taskId, (waiting = new Set()));
      waiting.add(deliver);
      void this.subscribed.then(() => this.check(taskId));
    });
  }

  /** Rejects every waiter: the queue is closing, no result will reach them. */
  close(): void {
    const closed: Settled = { ok: false, error: new Error('the task queue was closed before the task had a result') };
    for (const waiting of [...this.waiters.values()]) for (const deliver of [...waiting]) deliver(closed);
    this.waiters.clear();
  }

  /** Reads the task's key and hands a found result to its waiters. */
  private async check(taskId: string): Promise<void> {
    let text: string | null;
    try {
      text = await this.redis.get(resultKey(taskId));
    } catch {
      return; // the connection is gone; the reconnect re-checks every waiter
    }
    if (text === null) return;
    const result = decodeResult(taskId, text);
    for (const deliver of [...(this.waiters.get(taskId) ?? [])]) deliver(result);
  }

  private forget(taskId: string, deliver: (result: Settled) => void): void {
    const waiting = this.waiters.get(taskId);
    waiting?.delete(deliver);
    if (waiting?.size === 0) this.waiters.delete(taskId);
  }
}
