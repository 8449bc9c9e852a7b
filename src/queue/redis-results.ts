// Task results in Redis, readable by any process: a result is a key written once (SET NX,
// so the first recorded result wins) with the result lifetime as its expiry, announced on
// a channel in the same script (with the result itself when it is small, so waiters need
// not read the key). A waiter registers before it reads the key, so a result recorded in
// between is not missed; after the subscriber reconnects (announcements may have been lost
// while it was away) every waiter reads its key again. The results channel is subscribed on
// the first wait, not before: a runtime that only consumes never waits, and would otherwise
// receive every announcement of every queue. Cancellations are subscribed at once.
import type { Redis } from 'ioredis';
import type { TaskOutcome } from '../engine/ports.js';
import { CANCEL_CHANNEL, RESULTS_CHANNEL, resultKey } from './names.js';
import type { Settled } from './result-book.js';
import { decodeResult, encodeResult } from './wire.js';

/** KEYS: result key. ARGV: result, ttl ms, channel, announcement. → 1 recorded, 0 had one. */
const RECORD = `
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  redis.call('PUBLISH', ARGV[3], ARGV[4])
  return 1
end
return 0`;

/** Results up to this size travel in the announcement; larger ones are read from their key. */
const ANNOUNCED_RESULT_BYTES = 16 * 1024;

interface RecordCommand { arkRecordResult(...args: (string | number)[]): Promise<number> }

export class RedisResults {
  private readonly waiters = new Map<string, Set<(result: Settled) => void>>();
  private resultsSubscribed: Promise<unknown> | undefined;

  private readonly redis: Redis & RecordCommand;

  constructor(
    redis: Redis,
    private readonly subscriber: Redis,
    private readonly ttlMs: number,
    /** Called with the id of every task some process cancelled. */
    onCancel: (taskId: string) => void,
  ) {
    if (!(redis as Partial<RecordCommand>).arkRecordResult) redis.defineCommand('arkRecordResult', { numberOfKeys: 1, lua: RECORD });
    this.redis = redis as Redis & RecordCommand;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === CANCEL_CHANNEL) onCancel(message);
      else if (channel === RESULTS_CHANNEL) this.announced(message);
    });
    subscriber.on('ready', () => { for (const taskId of this.waiters.keys()) void this.check(taskId); });
    // A failed subscribe is retried by ioredis on reconnect, and 'ready' re-checks the waiters.
    subscriber.subscribe(CANCEL_CHANNEL).catch(() => undefined);
  }

  /** Subscribes to the results channel once, on the first wait. */
  private subscribedToResults(): Promise<unknown> {
    this.resultsSubscribed ??= this.subscriber.subscribe(RESULTS_CHANNEL).catch(() => undefined);
    return this.resultsSubscribed;
  }

  /** Records the result unless the task has one; true when this one was recorded. */
  async record(taskId: string, result: Settled): Promise<boolean> {
    const encoded = encodeResult(result);
    const announcement = Buffer.byteLength(encoded) <= ANNOUNCED_RESULT_BYTES ? `${taskId}\n${encoded}` : taskId;
    return (await this.redis.arkRecordResult(resultKey(taskId), encoded, this.ttlMs, RESULTS_CHANNEL, announcement)) === 1;
  }

  async has(taskId: string): Promise<boolean> {
    return (await this.redis.exists(resultKey(taskId))) === 1;
  }

  async peek(taskId: string): Promise<Settled | undefined> {
    const text = await this.redis.get(resultKey(taskId));
    return text === null ? undefined : decodeResult(taskId, text);
  }

  async announceCancel(taskId: string): Promise<void> {
    await this.redis.publish(CANCEL_CHANNEL, taskId);
  }

  /**
   * A result can arrive (on a socket) before the caller attached its handlers, so the
   * promise is marked handled here; the caller still receives the rejection.
   */
  wait(taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    const waiting = this.register(taskId, signal);
    waiting.catch(() => undefined);
    return waiting;
  }

  private register(taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
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
      void this.subscribedToResults().then(() => this.check(taskId));
    });
  }

  /** Rejects every waiter: the queue is closing, no result will reach them. */
  close(): void {
    const closed: Settled = { ok: false, error: new Error('the task queue was closed before the task had a result') };
    for (const waiting of [...this.waiters.values()]) for (const deliver of [...waiting]) deliver(closed);
    this.waiters.clear();
  }

  /** `<task id>` or `<task id>\n<result>`: delivers to this process's waiters, if any. */
  private announced(message: string): void {
    const newline = message.indexOf('\n');
    const taskId = newline < 0 ? message : message.slice(0, newline);
    if (!this.waiters.has(taskId)) return;
    if (newline < 0) return void this.check(taskId);
    this.deliver(taskId, decodeResult(taskId, message.slice(newline + 1)));
  }

  private deliver(taskId: string, result: Settled): void {
    for (const deliver of [...(this.waiters.get(taskId) ?? [])]) deliver(result);
  }

  /** Reads the task's key and hands a found result to its waiters. */
  private async check(taskId: string): Promise<void> {
    let text: string | null;
    try {
      text = await this.redis.get(resultKey(taskId));
    } catch {
      return; // the connection is gone; the reconnect re-checks every waiter
    }
    if (text !== null) this.deliver(taskId, decodeResult(taskId, text));
  }

  private forget(taskId: string, deliver: (result: Settled) => void): void {
    const waiting = this.waiters.get(taskId);
    waiting?.delete(deliver);
    if (waiting?.size === 0) this.waiters.delete(taskId);
  }
}
