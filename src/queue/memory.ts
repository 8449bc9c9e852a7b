// In-memory queue for `ark run` and tests: per-queue FIFO, workers with concurrency
// limits, idempotent results and cancellation. Nothing survives the process, by design;
// results are kept for the queue's lifetime (one local run), so a redelivered task id
// gets its recorded outcome.
import type { AgentTask, TaskOutcome } from '../engine/ports.js';
import { TaskError } from '../engine/ports.js';
import {
  DEFAULT_PENDING_LIMIT, QueueFullError, type Subscription, type TaskHandler, type TaskQueue, type WorkerOptions,
} from './types.js';

interface Worker { handler: TaskHandler; options: WorkerOptions; active: number; closed: boolean; idle: (() => void)[] }
interface Lane { pending: AgentTask[]; workers: Worker[]; next: number }
type Settled = { ok: true; outcome: TaskOutcome } | { ok: false; error: Error };

export class MemoryQueue implements TaskQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly settled = new Map<string, Settled>();
  private readonly waiters = new Map<string, ((result: Settled) => void)[]>();
  private readonly running = new Map<string, AbortController>();
  /** Queue of every task id not cancelled while pending (duplicates are ignored). */
  private readonly laneOf = new Map<string, Lane>();

  constructor(private readonly pendingLimit = DEFAULT_PENDING_LIMIT) {}

  async enqueue(queue: string, task: AgentTask): Promise<void> {
    if (this.laneOf.has(task.id)) return;
    const lane = this.lane(queue);
    if (lane.pending.length >= this.pendingLimit) throw new QueueFullError(queue, this.pendingLimit);
    this.laneOf.set(task.id, lane);
    lane.pending.push(task);
    this.drain(lane);
  }

  consume(queue: string, handler: TaskHandler, options: WorkerOptions): Subscription {
    const lane = this.lane(queue);
    const worker: Worker = { handler, options, active: 0, closed: false, idle: [] };
    lane.workers.push(worker);
    this.drain(lane);
    return {
      close: () => {
        worker.closed = true;
        lane.workers = lane.workers.filter((candidate) => candidate !== worker);
        return worker.active === 0 ? Promise.resolve() : new Promise((resolve) => worker.idle.push(resolve));
      },
    };
  }

  result(taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    return new Promise((resolve, reject) => {
      const deliver = (result: Settled): void => {
        signal.removeEventListener('abort', onAbort);
        if (result.ok) resolve(result.outcome);
        else reject(result.error);
      };
      const onAbort = (): void => {
        this.forget(taskId, deliver);
        this.cancel(taskId);
        deliver({ ok: false, error: new TaskError(`task ${taskId} cancelled`) });
      };
      const done = this.settled.get(taskId);
      if (done) return deliver(done);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(taskId, [...(this.waiters.get(taskId) ?? []), deliver]);
    });
  }

  async close(): Promise<void> {
    for (const controller of this.running.values()) controller.abort();
    await Promise.all([...this.lanes.values()].flatMap((lane) => lane.workers).map((worker) =>
      worker.active === 0 ? undefined : new Promise<void>((resolve) => worker.idle.push(resolve))));
  }

  private forget(taskId: string, deliver: (result: Settled) => void): void {
    const rest = (this.waiters.get(taskId) ?? []).filter((waiter) => waiter !== deliver);
    if (rest.length > 0) this.waiters.set(taskId, rest);
    else this.waiters.delete(taskId);
  }

  /** A running task is aborted; a pending one is withdrawn and may be enqueued again later. */
  private cancel(taskId: string): void {
    this.running.get(taskId)?.abort();
    const lane = this.laneOf.get(taskId);
    if (!lane) return;
    const before = lane.pending.length;
    lane.pending = lane.pending.filter((task) => task.id !== taskId);
    if (lane.pending.length < before) this.laneOf.delete(taskId);
  }

  private lane(queue: string): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) this.lanes.set(queue, (lane = { pending: [], workers: [], next: 0 }));
    return lane;
  }

  /** Hands pending tasks to workers with free capacity, round-robin like a consumer group. */
  private drain(lane: Lane): void {
    while (lane.pending.length > 0) {
      const worker = this.freeWorker(lane);
      if (!worker) return;
      this.start(lane, worker, lane.pending.shift()!);
    }
  }

  private freeWorker(lane: Lane): Worker | undefined {
    for (let i = 0; i < lane.workers.length; i++) {
      const worker = lane.workers[(lane.next + i) % lane.workers.length]!;
      if (!worker.closed && worker.active < worker.options.concurrency) {
        lane.next = (lane.next + i + 1) % lane.workers.length;
        return worker;
      }
    }
    return undefined;
  }

  private start(lane: Lane, worker: Worker, task: AgentTask): void {
    const controller = new AbortController();
    this.running.set(task.id, controller);
    worker.active++;
    worker.handler(task, controller.signal).then(
      (outcome) => this.record(task.id, { ok: true, outcome }),
      (error: unknown) => this.record(task.id, { ok: false, error: error instanceof Error ? error : new TaskError(String(error)) }),
    ).finally(() => {
      this.running.delete(task.id);
      worker.active--;
      if (worker.active === 0) worker.idle.splice(0).forEach((resolve) => resolve());
      this.drain(lane);
    });
  }

  /** The first result of a task wins; a redelivered task cannot complete it twice. */
  private record(taskId: string, result: Settled): void {
    if (this.settled.has(taskId)) return;
    this.settled.set(taskId, result);
    for (const deliver of this.waiters.get(taskId) ?? []) deliver(result);
    this.waiters.delete(taskId);
  }
}
