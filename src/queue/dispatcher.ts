// The engine's TaskDispatcher over any TaskQueue: enqueue on the role's queue, await the result.
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
    const forward = (): void => waiting.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener('abort', forward, { once: true });
    try {
      const outcome = this.queue.result(task.id, waiting.signal);
      try {
        await this.queue.enqueue(this.queueOf(task.role), task);
      } catch (error) {
        outcome.catch(() => undefined);
        waiting.abort();
        throw error;
      }
      return await outcome;
    } finally {
      signal.removeEventListener('abort', forward);
    }
  }
}
