// In-memory queue for `ark run` and tests: per-queue FIFO, workers with concurrency
// limits, at-least-once delivery with retries and a dead-letter list, idempotent results,
// cancellation and graceful hand-back, all as the port (types.ts) describes. Nothing
// survives the process, by design. A live worker holds its tasks for as long as they run
// (it cannot stop heartbeating); `crash()` on a subscription plays a dead consumer, whose
// tasks come back after the visibility timeout.
import { errorMessage } from '../core/errors.js';
import { systemClock, type Clock } from '../engine/clock.js';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
import {
  deadLetterMessage, QUEUE_DEFAULTS, QueueFullError, type DeadLetter, type QueueOptions, type Subscription,
  type TaskHandler, type TaskQueue, type WorkerOptions,
} from './types.js';
import { ResultBook } from './result-book.js';
import type { Settled } from './result-book.js';

interface Worker { handler: TaskHandler; options: WorkerOptions; active: Set<Entry>; state: 'open' | 'closing' | 'dead'; idle: (() => void)[] }
interface Lane { name: string; pending: Entry[]; workers: Worker[]; next: number; dead: DeadLetter[] }
interface Entry { task: AgentTask; lane: Lane; deliveries: number; controller?: AbortController; worker?: Worker }

export interface MemorySubscription extends Subscription {
  /** Stops the worker as a killed process would: nothing finishes, nothing is handed back. */
  crash(): void;
}

export class MemoryQueue implements TaskQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Tasks pending or running, by id. */
  private readonly live = new Map<string, Entry>();
  private readonly results: ResultBook;
  private readonly options: Required<Omit<QueueOptions, 'clock'>>;
  private readonly clock: Clock;

  constructor(options: QueueOptions = {}) {
    const { clock, ...rest } = options;
    this.options = { ...QUEUE_DEFAULTS, ...rest };
    this.clock = clock ?? systemClock;
    this.results = new ResultBook(this.clock, this.options.resultTtlMs);
  }

  async enqueue(queue: string, task: AgentTask): Promise<void> {
    if (this.live.has(task.id) || this.results.has(task.id)) return;
    const lane = this.lane(queue);
    if (lane.pending.length >= this.options.pendingLimit) throw new QueueFullError(queue, this.options.pendingLimit);
    const entry: Entry = { task, lane, deliveries: 0 };
    this.live.set(task.id, entry);
    lane.pending.push(entry);
    this.drain(lane);
  }

  consume(queue: string, handler: TaskHandler, options: WorkerOptions): MemorySubscription {
    const lane = this.lane(queue);
    const worker: Worker = { handler, options, active: new Set(), state: 'open', idle: [] };
    lane.workers.push(worker);
    this.drain(lane);
    return {
      close: (closeOptions) => this.closeWorker(lane, worker, closeOptions?.graceMs),
      crash: () => this.crashWorker(lane, worker),
    };
  }

  /** One process holds every queue, so a task id alone finds its result. */
  result(_queue: string, taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    return this.results.wait(taskId, signal);
  }

  async peek(_queue: string, taskId: string): Promise<Settled | undefined> {
    return this.results.peek(taskId);
  }

  async cancel(_queue: string, taskId: string): Promise<void> {
    const entry = this.live.get(taskId);
    if (entry) {
      entry.lane.pending = entry.lane.pending.filter((candidate) => candidate !== entry);
      entry.controller?.abort(new TaskError(`task ${taskId} cancelled`));
    }
    this.settle(taskId, { ok: false, error: new TaskError(`task ${taskId} cancelled`) });
  }

  async deadLetters(queue: string): Promise<DeadLetter[]> {
    return [...(this.lanes.get(queue)?.dead ?? [])];
  }

  async close(): Promise<void> {
    const closing = [...this.lanes.values()].flatMap((lane) => [...lane.workers].map((worker) => this.closeWorker(lane, worker, 0)));
    await Promise.all(closing);
    this.results.close();
  }

  private closeWorker(lane: Lane, worker: Worker, graceMs: number | undefined): Promise<void> {
    if (worker.state === 'open') worker.state = 'closing';
    lane.workers = lane.workers.filter((candidate) => candidate !== worker);
    if (worker.active.size === 0) return Promise.resolve();
    const idle = new Promise<void>((resolve) => worker.idle.push(resolve));
    if (graceMs === undefined) return idle;
    const handBackAll = (): void => { for (const entry of [...worker.active]) this.handBack(entry, worker); };
    if (graceMs <= 0) {
      handBackAll();
      return idle;
    }
    const timer = this.clock.setTimer(graceMs, handBackAll);
    return idle.finally(() => timer.cancel());
  }

  private crashWorker(lane: Lane, worker: Worker): void {
    worker.state = 'dead';
    lane.workers = lane.workers.filter((candidate) => candidate !== worker);
    for (const entry of [...worker.active]) {
      this.clock.setTimer(this.options.visibilityTimeoutMs, () => this.handBack(entry, worker));
    }
  }

  /** Takes a task from its worker (whose signal is aborted) and puts it back at the head of its queue. */
  private handBack(entry: Entry, worker: Worker): void {
    if (entry.worker !== worker || !this.live.has(entry.task.id)) return;
    entry.controller?.abort(new TaskError(`task ${entry.task.id} handed back to the queue`, undefined, { retryable: true }));
    this.release(entry, worker);
    entry.lane.pending.unshift(entry);
    this.drain(entry.lane);
  }

  private release(entry: Entry, worker: Worker): void {
    worker.active.delete(entry);
    delete entry.worker;
    delete entry.controller;
    if (worker.active.size === 0) worker.idle.splice(0).forEach((resolve) => resolve());
  }

  private lane(queue: string): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) this.lanes.set(queue, (lane = { name: queue, pending: [], workers: [], next: 0, dead: [] }));
    return lane;
  }

  /** Hands pending tasks to workers with free capacity, round-robin like a consumer group. */
  private drain(lane: Lane): void {
    while (lane.pending.length > 0) {
      const worker = this.freeWorker(lane);
      if (!worker) return;
      this.start(worker, lane.pending.shift()!);
    }
  }

  private freeWorker(lane: Lane): Worker | undefined {
    for (let i = 0; i < lane.workers.length; i++) {
      const worker = lane.workers[(lane.next + i) % lane.workers.length]!;
      if (worker.state === 'open' && worker.active.size < worker.options.concurrency) {
        lane.next = (lane.next + i + 1) % lane.workers.length;
        return worker;
      }
    }
    return undefined;
  }

  private start(worker: Worker, entry: Entry): void {
    const controller = new AbortController();
    Object.assign(entry, { controller, worker, deliveries: entry.deliveries + 1 });
    worker.active.add(entry);
    worker.handler(entry.task, { signal: controller.signal, attempt: entry.deliveries }).then(
      (outcome) => this.finish(entry, worker, { ok: true, outcome }),
      (error: unknown) => this.fail(entry, worker, error),
    );
  }

  private finish(entry: Entry, worker: Worker, result: { ok: true; outcome: TaskOutcome } | { ok: false; error: Error }): void {
    // A dead worker reports nothing; a handed-back task belongs to another delivery now.
    if (worker.state === 'dead' || entry.worker !== worker) return;
    this.release(entry, worker);
    this.settle(entry.task.id, result);
    this.drain(entry.lane);
  }

  private fail(entry: Entry, worker: Worker, error: unknown): void {
    if (error instanceof TaskError && !error.retryable) return this.finish(entry, worker, { ok: false, error });
    if (!(error instanceof TaskError)) worker.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    if (worker.state === 'dead' || entry.worker !== worker) return;
    if (entry.deliveries < this.options.maxDeliveries && this.live.has(entry.task.id)) return this.handBack(entry, worker);
    const reason = deadLetterMessage(entry.task.id, entry.deliveries, errorMessage(error));
    entry.lane.dead.push({ taskId: entry.task.id, queue: entry.lane.name, deliveries: entry.deliveries, reason });
    this.finish(entry, worker, { ok: false, error: new TaskError(reason, error instanceof TaskError ? error.usage : undefined) });
  }

  private settle(taskId: string, result: { ok: true; outcome: TaskOutcome } | { ok: false; error: Error }): void {
    this.live.delete(taskId);
    this.results.record(taskId, result);
  }
}
