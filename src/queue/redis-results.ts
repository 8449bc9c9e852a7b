// Waiting for task results in Redis, from any process. A result is a key in its queue's
// slot (resultKey), written once by the queue's scripts (redis-scripts.ts: the first result
// wins) and announced on a channel with the result itself when it is small, so waiters
// need not read the key. A waiter registers before it reads the key, so a result recorded
// in between is not missed; after the subscriber reconnects (announcements may have been
// lost while it was away) every waiter reads its key again. The results channel is
// subscribed on the first wait, not before: a runtime that only consumes never waits, and
// would otherwise receive every announcement of every queue. Cancellations are subscribed
// at once. A waiter for a task this process then adds anew skips the read (enqueuing): no
// result can precede the entry, and every later one is announced to it.
import type { Redis } from 'ioredis';
import type { TaskOutcome } from '../engine/ports.js';
import { CANCEL_CHANNEL, RESULTS_CHANNEL, resultKey } from './names.js';
import type { Settled } from './result-book.js';
import { decodeResult, readAnnouncement } from './wire.js';

/** The waiters of one result key. */
interface Waiting {
  taskId: string;
  delivers: Set<(result: Settled) => void>;
  /** Resolves true when this process added the task after the results channel was subscribed. */
  added?: Promise<boolean>;
}

export class RedisResults {
  /** By result key. */
  private readonly waiters = new Map<string, Waiting>();
  private resultsSubscribed: Promise<unknown> | undefined;
  /** The results channel is subscribed now: set once subscribed, cleared while disconnected. */
  private resultsLive = false;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    /** Called with the id of every task some process cancelled. */
    onCancel: (taskId: string) => void,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === CANCEL_CHANNEL) onCancel(message);
      else if (channel === RESULTS_CHANNEL) this.announced(message);
    });
    subscriber.on('close', () => { this.resultsLive = false; });
    subscriber.on('ready', () => void this.resubscribed());
    // A failed subscribe is retried by ioredis on reconnect, and 'ready' re-checks the waiters.
    subscriber.subscribe(CANCEL_CHANNEL).catch(() => undefined);
  }

  /** Subscribes to the results channel once, on the first wait. */
  private subscribedToResults(): Promise<unknown> {
    this.resultsSubscribed ??= this.subscriber.subscribe(RESULTS_CHANNEL).then(() => { this.resultsLive = true; }, () => undefined);
    return this.resultsSubscribed;
  }

  /**
   * After a reconnect ioredis has sent the subscriptions again; the PING's reply on the same
   * connection means they are in place, so every waiter can read its key (announcements
   * may have been lost while away) without missing a result written after the read.
   */
  private async resubscribed(): Promise<void> {
    if (this.resultsSubscribed === undefined) return;
    try {
      await this.subscriber.ping();
    } catch {
      return; // gone again; the next 'ready' comes back here
    }
    this.resultsLive = true;
    for (const key of this.waiters.keys()) void this.check(key);
  }

  /**
   * Called as this process sends the enqueue of a task, with whether the enqueue added it
   * anew. A waiter registered before, while the results channel was subscribed, then need
   * not read the key: the result is written after the entry, so it will be announced.
   */
  enqueuing(queue: string, taskId: string, added: Promise<boolean>): void {
    const waiting = this.waiters.get(resultKey(queue, taskId));
    if (waiting && this.resultsLive) waiting.added = added;
  }

  async peek(queue: string, taskId: string): Promise<Settled | undefined> {
    const text = await this.redis.get(resultKey(queue, taskId));
    return text === null ? undefined : decodeResult(taskId, text);
  }

  async announceCancel(taskId: string): Promise<void> {
    await this.redis.publish(CANCEL_CHANNEL, taskId);
  }

  /**
   * A result can arrive (on a socket) before the caller attached its handlers, so the
   * promise is marked handled here; the caller still receives the rejection.
   */
  wait(queue: string, taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    const waiting = this.register(resultKey(queue, taskId), taskId, signal);
    waiting.catch(() => undefined);
    return waiting;
  }

  private register(key: string, taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    return new Promise((resolve, reject) => {
      const deliver = (result: Settled): void => {
        signal.removeEventListener('abort', onAbort);
        this.forget(key, deliver);
        if (result.ok) resolve(result.outcome);
        else reject(result.error);
      };
      const onAbort = (): void => {
        this.forget(key, deliver);
        reject(signal.reason instanceof Error ? signal.reason : new Error(`stopped waiting for task ${taskId}`));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      let waiting = this.waiters.get(key);
      if (!waiting) this.waiters.set(key, (waiting = { taskId, delivers: new Set() }));
      waiting.delivers.add(deliver);
      void this.subscribedToResults().then(() => this.firstCheck(key, waiting));
    });
  }

  /** Rejects every waiter: the queue is closing, no result will reach them. */
  close(): void {
    const closed: Settled = { ok: false, error: new Error('the task queue was closed before the task had a result') };
    for (const waiting of [...this.waiters.values()]) for (const deliver of [...waiting.delivers]) deliver(closed);
    this.waiters.clear();
  }

  /** Delivers an announced result to this process's waiters, if any. */
  private announced(message: string): void {
    const { key, stored } = readAnnouncement(message);
    const waiting = this.waiters.get(key);
    if (!waiting) return;
    if (stored === undefined) return void this.check(key);
    this.deliver(key, decodeResult(waiting.taskId, stored));
  }

  private deliver(key: string, result: Settled): void {
    for (const deliver of [...(this.waiters.get(key)?.delivers ?? [])]) deliver(result);
  }

  /** The read after registering, unless this process added the task since (see enqueuing). */
  private async firstCheck(key: string, waiting: Waiting): Promise<void> {
    if (waiting.added && (await waiting.added)) return;
    await this.check(key);
  }

  /** Reads the result key and hands a found result to its waiters. */
  private async check(key: string): Promise<void> {
    let text: string | null;
    try {
      text = await this.redis.get(key);
    } catch {
      return; // the connection is gone; the reconnect re-checks every waiter
    }
    const waiting = this.waiters.get(key);
    if (text !== null && waiting) this.deliver(key, decodeResult(waiting.taskId, text));
  }

  private forget(key: string, deliver: (result: Settled) => void): void {
    const waiting = this.waiters.get(key);
    waiting?.delivers.delete(deliver);
    if (waiting?.delivers.size === 0) this.waiters.delete(key);
  }
}
