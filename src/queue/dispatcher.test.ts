import { describe, expect, it } from 'vitest';
import { task } from './contract.js';
import { QueueDispatcher } from './dispatcher.js';
import { MemoryQueue } from './memory.js';
import { QueueFullError } from './types.js';

describe('QueueDispatcher', () => {
  it('routes a task to its role queue and returns the outcome', async () => {
    const queue = new MemoryQueue();
    queue.consume('ns.team.writer', async (t) => ({ output: `wrote ${t.prompt}`, usage: { input: 1, output: 2, total: 3 } }), { concurrency: 1 });
    const dispatcher = new QueueDispatcher(queue, (role) => `ns.team.${role}`);
    await expect(dispatcher.dispatch(task('writer', 'a poem'), new AbortController().signal))
      .resolves.toEqual({ output: 'wrote a poem', usage: { input: 1, output: 2, total: 3 } });
    await queue.close();
  });

  it('leaves no waiter behind when the queue refuses the task, so a later abort is harmless', async () => {
    const queue = new MemoryQueue({ pendingLimit: 1 });
    const dispatcher = new QueueDispatcher(queue, () => 'full');
    const run = new AbortController();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
    process.on('unhandledRejection', onUnhandled);
    try {
      const accepted = dispatcher.dispatch(task(), run.signal);
      await expect(dispatcher.dispatch(task(), run.signal)).rejects.toBeInstanceOf(QueueFullError);
      run.abort();
      await expect(accepted).rejects.toThrow(/cancelled/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await queue.close();
    }
  });
});
