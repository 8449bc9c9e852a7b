// The engine's TaskDispatcher over any TaskQueue: enqueue on the role's queue, await the result.
import type { AgentTask, TaskDispatcher, TaskOutcome } from '../engine/ports.js';
import type { TaskQueue } from './types.js';

export class QueueDispatcher implements TaskDispatcher {
  constructor(
    private readonly queue: TaskQueue,
    /** Maps a task's role to its queue name (see names.ts). */
    private readonly queueOf: (role: string) => string,
  ) {}

  async dispatch(task: AgentTask, signal: AbortSignal): Promise<TaskOutcome> {
    const outcome = this.queue.result(task.id, signal);
    await this.queue.enqueue(this.queueOf(task.role), task);
    return outcome;
  }
}
