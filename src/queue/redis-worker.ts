// One consumer of a Redis queue: reads its consumer group with a blocking XREADGROUP on a
// connection of its own, runs up to `concurrency` tasks, records their results and
// acknowledges them. Its tasks stay pending in the group while they run; the heartbeat
// keeps them from looking abandoned (redis-reclaim.ts), so only a dead consumer's tasks are
// reclaimed by the others. A concurrency slot is the handler's: it is freed as soon as the
// handler settles. Finishing tasks is one script (redis-scripts.ts FINISH) that records
// their results, acknowledges their entries and fetches the next entries for the freed
// slots; every task that settles in the same turn joins one call, so a busy worker makes
// one round trip per batch of tasks; the blocking read serves an idle one. Every
// read reserves the slots it asks for (`reserved`), so running tasks plus entries asked
// for never exceed the concurrency, and at most SETTLING_FACTOR × concurrency entries are
// held (running, or being finished) at once.
import type { Redis } from 'ioredis';
import { errorMessage } from '../core/errors.js';
import { sleep, type Clock } from '../engine/clock.js';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
import { reconnectDelay } from './redis-connection.js';
import { Reclaimer } from './redis-reclaim.js';
import type { Finish, QueueScripts } from './redis-scripts.js';
import { CONSUMER_GROUP, queueKeys } from './names.js';
import type { Settled } from './result-book.js';
import { TurnBatches } from './turn-batch.js';
import { deadLetterMessage, type TaskHandler, type WorkerOptions } from './types.js';
import { decodeTask, readEntry, type StreamReply, type TaskEntry } from './wire.js';

/** How long one XREADGROUP blocks; closing interrupts it, so this only bounds idle round trips. */
const READ_BLOCK_MS = 5_000;
/** Entries held (running or having their result written) per unit of concurrency, at most. */
const SETTLING_FACTOR = 2;
/** Entries finished in one script call at most, so the script never holds the server long. */
const MAX_FINISH_BATCH = 100;

export interface WorkerDeps {
  queue: string;
  redis: Redis;
  /** A connection for this worker's blocking reads only. */
  blocking: Redis;
  scripts: QueueScripts;
  clock: Clock;
  visibilityTimeoutMs: number;
  maxDeliveries: number;
  /** Every running task of this process by id, so a cancellation reaches it. */
  running: Map<string, AbortController>;
  /** Creates the consumer group when missing. */
  ensureGroup(queue: string, again?: boolean): Promise<void>;
}

interface Slot { entry: TaskEntry; controller: AbortController; handedBack: boolean; handling: boolean }
/** An entry to finish, with the room its freed slot reserved for the fetch (see finish). */
interface Finishing { done: Finish; fetch: number }
type Bad = { entryId: string; taskId?: string; problem: string };

export class RedisWorker {
  private state: 'open' | 'closing' | 'dead' = 'open';
  private readonly active = new Map<string, Slot>();
  /** Slots whose handler has not settled yet (what concurrency bounds). */
  private handling = 0;
  /** Entries asked for by reads not answered yet (the blocking read's and finishing scripts'). */
  private reserved = 0;
  private readonly reclaimer: Reclaimer;
  private freed: (() => void) | undefined;
  private readonly idle: (() => void)[] = [];
  private readonly consumer: string;
  /** The entries this worker finishes in one turn, sent in one FINISH call. */
  private readonly finishing = new TurnBatches<Finishing, void>((_queue, entries) => this.finishAll(entries), { maxItems: MAX_FINISH_BATCH });

  constructor(private readonly deps: WorkerDeps, private readonly handler: TaskHandler, private readonly options: WorkerOptions) {
    this.consumer = options.consumer ?? `consumer-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.reclaimer = new Reclaimer({
      ...deps, consumer: this.consumer, activeEntries: () => [...this.active.keys()],
      onEntry: (entry) => this.reclaimed(entry), onError: (error) => this.report(error),
    });
    void this.readLoop();
  }

  async close(graceMs: number | undefined): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.reclaimer.stopReclaiming();
    this.deps.blocking.disconnect();
    if (this.active.size > 0) {
      const idle = new Promise<void>((resolve) => this.idle.push(resolve));
      if (graceMs !== undefined && graceMs <= 0) this.handBackAll();
      const timer = graceMs !== undefined && graceMs > 0 ? this.deps.clock.setTimer(graceMs, () => this.handBackAll()) : undefined;
      await idle;
      timer?.cancel();
    }
    this.reclaimer.stop();
    await this.guard(() => this.reclaimer.handBackStrays((entry) => this.deps.scripts.requeue(this.deps.queue, entry)));
  }

  /** Stops as a killed process would: nothing more is read, recorded, acknowledged or handed back. */
  crash(): void {
    this.state = 'dead';
    this.reclaimer.stop();
    this.deps.blocking.disconnect();
    for (const slot of this.active.values()) this.deps.running.delete(slot.entry.taskId);
    this.active.clear();
  }

  private async readLoop(): Promise<void> {
    const stream = queueKeys(this.deps.queue).stream;
    let failures = 0;
    await this.guard(() => this.deps.ensureGroup(this.deps.queue));
    while (this.state === 'open') {
      const count = this.room();
      if (count <= 0) {
        await new Promise<void>((resolve) => (this.freed = resolve));
        continue;
      }
      let reply: StreamReply;
      this.reserved += count;
      try {
        reply = (await this.deps.blocking.xreadgroup('GROUP', CONSUMER_GROUP, this.consumer, 'COUNT', count, 'BLOCK', READ_BLOCK_MS, 'STREAMS', stream, '>')) as StreamReply;
        failures = 0;
      } catch (error) {
        if (this.state !== 'open') break;
        this.report(error);
        if (/NOGROUP/.test(errorMessage(error))) await this.guard(() => this.deps.ensureGroup(this.deps.queue, true));
        else await sleep(this.deps.clock, reconnectDelay(++failures));
        continue;
      } finally {
        this.reserved -= count;
      }
      this.takeAll(reply);
    }
  }

  /** How many more entries this worker may ask for now. */
  private room(): number {
    if (this.state !== 'open') return 0;
    const { concurrency } = this.options;
    return Math.max(0, Math.min(concurrency - this.handling, SETTLING_FACTOR * concurrency - this.active.size) - this.reserved);
  }

  private takeAll(reply: StreamReply): void {
    for (const [, entries] of reply ?? []) for (const [entryId, fields] of entries) this.take(entryId, fields);
  }

  /** A freshly read entry: run it, or (read while closing) hand it straight back. */
  private take(entryId: string, fields: string[]): void {
    if (this.state === 'dead') return;
    const entry = readEntry(entryId, fields);
    if ('problem' in entry) return void this.guard(() => this.reject(entry, 1));
    if (this.state === 'closing') return void this.guard(() => this.deps.scripts.requeue(this.deps.queue, entry));
    if (entry.attempt > this.deps.maxDeliveries) return void this.guard(() => this.reclaimed({ ...entry, attempt: entry.attempt - 1 }));
    let task: AgentTask;
    try {
      task = decodeTask(entry.payload, entry.taskId);
    } catch (error) {
      return void this.guard(() => this.reject({ entryId, taskId: entry.taskId, problem: `malformed task entry ${entryId}: ${errorMessage(error)}` }, entry.attempt));
    }
    const slot: Slot = { entry, controller: new AbortController(), handedBack: false, handling: true };
    this.active.set(entryId, slot);
    this.handling++;
    this.deps.running.set(entry.taskId, slot.controller);
    void this.guard(() => this.execute(slot, task)).finally(() => this.release(slot));
  }

  /**
   * Runs a delivered task. No result check comes first: a task with a result gets no new
   * entry (enqueue and requeue refuse it) and a cancelled one's entry is withdrawn.
   */
  private async execute(slot: Slot, task: AgentTask): Promise<void> {
    const { entry, controller } = slot;
    // Not awaited: it rides the pipelined connection ahead of the result, adding no wait.
    if (task.recordStart === true) void this.guard(() => this.deps.scripts.recordClaim(entry.taskId, this.deps.clock.now()));
    // A stream entry id starts with the time it was added.
    const enqueuedAt = Number(entry.entryId.slice(0, entry.entryId.indexOf('-')));
    let ran: { ok: true; outcome: TaskOutcome } | { ok: false; error: unknown };
    try {
      ran = { ok: true, outcome: await this.handler(task, { signal: controller.signal, attempt: entry.attempt, enqueuedAt }) };
    } catch (error) {
      ran = { ok: false, error };
    }
    // Settling synchronously reserves the freed slot for the finishing script's fetch,
    // before the woken read loop can ask for it.
    this.handled(slot);
    if (ran.ok) await this.settle(slot, ran);
    else await this.failed(slot, ran.error);
  }

  /** The slot's handler settled: its concurrency slot is free for the next read. */
  private handled(slot: Slot): void {
    if (!slot.handling) return;
    slot.handling = false;
    this.handling--;
    this.wake();
  }

  /** Lets the read loop look at the room again. */
  private wake(): void {
    this.freed?.();
    this.freed = undefined;
  }

  private async failed(slot: Slot, error: unknown): Promise<void> {
    if (error instanceof TaskError && !error.retryable) return this.settle(slot, { ok: false, error });
    if (!(error instanceof TaskError)) this.report(error);
    if (!this.owns(slot)) return;
    const { entry } = slot;
    if (entry.attempt < this.deps.maxDeliveries) {
      await this.deps.scripts.requeue(this.deps.queue, { ...entry, attempt: entry.attempt + 1 });
      return;
    }
    const reason = deadLetterMessage(entry.taskId, entry.attempt, errorMessage(error));
    await this.deadLetter(entry, reason, error instanceof TaskError ? error : undefined);
  }

  /** A reclaimed entry of a dead consumer: redeliver it, or dead-letter it once out of deliveries. */
  private async reclaimed(entry: TaskEntry | Bad): Promise<void> {
    if ('problem' in entry) return this.reject(entry, 1);
    if (entry.attempt < this.deps.maxDeliveries) {
      await this.deps.scripts.requeue(this.deps.queue, { ...entry, attempt: entry.attempt + 1 });
      return;
    }
    const why = `its consumer stopped while running it (no heartbeat for ${this.deps.visibilityTimeoutMs} ms)`;
    await this.deadLetter(entry, deadLetterMessage(entry.taskId, entry.attempt, why));
  }

  private deadLetter(entry: TaskEntry, reason: string, cause?: TaskError): Promise<void> {
    const result: Settled = { ok: false, error: new TaskError(reason, cause?.usage) };
    return this.finish({ entryId: entry.entryId, taskId: entry.taskId, result, deadLetter: { deliveries: entry.attempt, reason } });
  }

  /** A malformed entry: dead-lettered with the reason; a readable task id gets the failure as its result. */
  private reject(bad: Bad, deliveries: number): Promise<void> {
    this.report(new Error(bad.problem));
    const deadLetter = { deliveries, reason: bad.problem };
    if (!bad.taskId) return this.finish({ entryId: bad.entryId, taskId: '', deadLetter });
    return this.finish({ entryId: bad.entryId, taskId: bad.taskId, result: { ok: false, error: new TaskError(bad.problem) }, deadLetter });
  }

  private async settle(slot: Slot, result: Settled): Promise<void> {
    if (!this.owns(slot)) return;
    await this.finish({ entryId: slot.entry.entryId, taskId: slot.entry.taskId, result });
  }

  /**
   * Records the outcome and acknowledges the entry: in one script with every other entry
   * this worker finishes in the same turn (a batch), which also fetches as many new entries
   * as the batch has room for. The room is reserved here, when the slot is freed, so the
   * woken read loop does not ask for it first. If the script fails its entries stay
   * pending, and are reclaimed once no one heartbeats them.
   */
  private finish(done: Finish): Promise<void> {
    const fetch = this.room();
    this.reserved += fetch;
    return this.finishing.add(this.deps.queue, { done, fetch });
  }

  /** One FINISH call for a batch, fetching the room its entries reserved; then the fetched entries are taken. */
  private async finishAll(entries: readonly Finishing[]): Promise<void[]> {
    const fetch = entries.reduce((sum, entry) => sum + entry.fetch, 0);
    let reply: StreamReply;
    try {
      reply = await this.deps.scripts.finish(this.deps.queue, this.consumer, entries.map((entry) => entry.done), fetch);
    } finally {
      this.reserved -= fetch;
    }
    this.takeAll(reply);
    // Fewer entries than asked for: the queue ran dry, and the blocking read takes over.
    this.wake();
    return entries.map(() => undefined);
  }

  /** False once the task was handed back or this worker died: its outcome is not ours to report. */
  private owns(slot: Slot): boolean {
    return this.state !== 'dead' && !slot.handedBack;
  }

  private handBackAll(): void {
    // A slot whose handler settled is writing its result and completing; it finishes alone.
    for (const slot of [...this.active.values()].filter((held) => held.handling)) {
      slot.handedBack = true;
      slot.controller.abort(new TaskError(`task ${slot.entry.taskId} handed back to the queue`, undefined, { retryable: true }));
      const next = { ...slot.entry, attempt: slot.entry.attempt + 1 };
      void this.guard(() => this.deps.scripts.requeue(this.deps.queue, next)).finally(() => this.release(slot));
    }
  }

  private release(slot: Slot): void {
    if (this.active.get(slot.entry.entryId) !== slot) return;
    this.handled(slot);
    this.active.delete(slot.entry.entryId);
    if (this.deps.running.get(slot.entry.taskId) === slot.controller) this.deps.running.delete(slot.entry.taskId);
    this.wake();
    if (this.active.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  /** Runs a Redis step; a failure is reported, never thrown (the worker survives it). */
  private async guard(step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (this.state !== 'dead') this.report(error);
    }
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
