// The queue port. Adapters: memory (laptop, tests) and Redis Streams (cluster). Both must
// pass the same contract suite (contract.ts).
//
// Delivery is at-least-once. A worker's handler resolving acknowledges the task and records
// its outcome; the first recorded result of a task id wins, so a redelivered or duplicated
// task can never complete it twice. A handler rejecting with a terminal TaskError records
// that failure; any other rejection is retried (redelivered with the same id and a higher
// attempt) until `maxDeliveries`, after which the task is dead-lettered and its result is
// the failure `task <id> failed <n> times: <last error>`. Tasks held by a consumer that died
// are redelivered after the visibility timeout. Results are kept for `resultTtlMs`.
import type { Clock } from '../engine/clock.js';
import type { AgentTask, TaskOutcome } from '../engine/ports.js';
import type { Settled } from './result-book.js';

export interface Delivery {
  /** Aborted when the task is cancelled, or handed back at shutdown. */
  signal: AbortSignal;
  /** 1 for the first delivery, counting every redelivery. */
  attempt: number;
  /** When this delivery was queued (epoch ms), where the adapter knows it: for the queue-wait metric. */
  enqueuedAt?: number;
}

/** Handles one task; rejects with a TaskError when the task fails. */
export type TaskHandler = (task: AgentTask, delivery: Delivery) => Promise<TaskOutcome>;

export interface WorkerOptions {
  /** Tasks this worker runs at once (ArkAgent limits.maxConcurrentTasks). */
  concurrency: number;
  /** The consumer's name (its pod, in the cluster); unique among a queue's consumers. */
  consumer?: string;
  /**
   * Problems the worker survives, to log and count: a handler that threw something other
   * than a TaskError, a malformed message, a lost connection.
   */
  onError?: (error: Error) => void;
}

export interface Subscription {
  /**
   * Stops taking tasks and waits for those in flight: at most `graceMs` (default: as long
   * as they take), after which the rest are handed back to the queue at once.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface QueueOptions {
  /** Pending tasks per queue above which enqueue is refused (default 10,000). */
  pendingLimit?: number;
  /** How long a dead consumer's tasks wait before redelivery (default 30 s). */
  visibilityTimeoutMs?: number;
  /** Deliveries before a failing task is dead-lettered (default 3). */
  maxDeliveries?: number;
  /** How long a recorded result stays readable (default 24 h). */
  resultTtlMs?: number;
  clock?: Clock;
}

export interface DeadLetter {
  taskId: string;
  queue: string;
  deliveries: number;
  reason: string;
}

export interface TaskQueue {
  /** Adds a task; rejects with QueueFullError above the pending limit. A known id is a no-op. */
  enqueue(queue: string, task: AgentTask): Promise<void>;
  consume(queue: string, handler: TaskHandler, options: WorkerOptions): Subscription;
  /**
   * Resolves with the task's recorded outcome or rejects with its TaskError, whichever
   * process submitted or ran it. `queue` is the queue the task was enqueued on (a result
   * lives with its queue). Aborting `signal` only stops waiting.
   */
  result(queue: string, taskId: string, signal: AbortSignal): Promise<TaskOutcome>;
  /** The task's recorded result when it has one, without waiting (a status read). */
  peek(queue: string, taskId: string): Promise<Settled | undefined>;
  /**
   * Cancels a task of `queue`: a pending one is withdrawn, a running one's signal is
   * aborted, and its result becomes a cancellation (unless it already has one).
   */
  cancel(queue: string, taskId: string): Promise<void>;
  /** Tasks of `queue` that failed every delivery, oldest first. */
  deadLetters(queue: string): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

export class QueueFullError extends Error {
  constructor(readonly queue: string, readonly limit: number) {
    super(`queue ${queue} has ${limit} pending tasks (the limit); fix: wait for agents to catch up, scale the agent up, or raise the pending limit`);
    this.name = 'QueueFullError';
  }
}

export const QUEUE_DEFAULTS = {
  pendingLimit: 10_000,
  visibilityTimeoutMs: 30_000,
  maxDeliveries: 3,
  resultTtlMs: 24 * 60 * 60 * 1000,
} as const;

/** The result of a task that failed every delivery. */
export function deadLetterMessage(taskId: string, deliveries: number, lastError: string): string {
  return `task ${taskId} failed ${deliveries} times: ${lastError}`;
}
