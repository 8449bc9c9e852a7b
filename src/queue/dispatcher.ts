// The engine's TaskDispatcher over any TaskQueue: enqueue on the role's queue, await the
// result. Aborting the caller's signal cancels the task (a cancelled, timed-out or failed
// run); a process that merely stops waiting leaves its tasks running, so a restarted
// engine can re-attach to them by id.
import type { AgentTask, TaskDispatcher, TaskOutcome } from '../engine/ports.js';
import type { TaskQueue } from './types.js';

export class QueueDispatcher implements TaskDispatcher {
  constructor(
    private readonly queue: TaskQueue,
    /** Maps a task's role to its queue name (see names.ts). */
    private readonly queueOf: (role: string) => string,
  ) {}

  /**
   * Waits before enqueueing so a fast result cannot be missed. When the enqueue is refused
   * (backpressure), the wait is called off so no waiter or listener outlives the call.
   */
  async dispatch(task: AgentTask, signal: AbortSignal): Promise<TaskOutcome> {
    const waiting = new AbortController();
    const queue = this.queueOf(task.role);
    const cancel = (): void => { void this.queue.cancel(queue, task.id); };
    try {
      const outcome = this.queue.result(queue, task.id, waiting.signal);
      try {
        await this.queue.enqueue(queue, task);
      } catch (error) {
        outcome.catch(() => undefined);
        waiting.abort();
        throw error;
      }
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
      return await outcome;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }
}
