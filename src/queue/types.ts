// The queue port. Adapters: memory (laptop, tests) and Redis Streams (cluster). Both must
// pass the same contract suite (contract.ts).
import type { AgentTask, TaskOutcome } from '../engine/ports.js';

/** Handles one task; rejects with a TaskError when the task fails. */
export type TaskHandler = (task: AgentTask, signal: AbortSignal) => Promise<TaskOutcome>;

export interface WorkerOptions {
  /** Tasks this worker runs at once (ArkAgent limits.maxConcurrentTasks). */
  concurrency: number;
}

export interface Subscription {
  /** Stops taking tasks; resolves when in-flight tasks have finished. */
  close(): Promise<void>;
}

export interface TaskQueue {
  /** Adds a task; rejects with QueueFullError above the pending limit. Re-adding a known id is a no-op. */
  enqueue(queue: string, task: AgentTask): Promise<void>;
  consume(queue: string, handler: TaskHandler, options: WorkerOptions): Subscription;
  /** Resolves with the task's recorded outcome; rejects with its TaskError. Abort cancels the task. */
  result(taskId: string, signal: AbortSignal): Promise<TaskOutcome>;
  close(): Promise<void>;
}

export class QueueFullError extends Error {
  constructor(readonly queue: string, readonly limit: number) {
    super(`queue ${queue} has ${limit} pending tasks (the limit); fix: wait for agents to catch up, scale the agent up, or raise the pending limit`);
    this.name = 'QueueFullError';
  }
}

export const DEFAULT_PENDING_LIMIT = 10_000;
