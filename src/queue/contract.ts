// The behaviour every TaskQueue adapter must show. Each adapter's test file calls
// queueContract() with a factory; the Redis adapter runs it against a real redis-server.
import { describe, expect, it } from 'vitest';
import { TaskError, type AgentTask } from '../engine/ports.js';
import { QueueFullError, type TaskQueue } from './types.js';

export interface QueueFactory {
  create(options?: { pendingLimit?: number }): Promise<TaskQueue>;
}

let sequence = 0;
export function task(role = 'r', prompt = 'p'): AgentTask {
  sequence++;
  return { id: `run/${role}/${sequence}`, runId: 'run', step: role, role, kind: 'step', prompt, inputs: { prompt } };
}

const usage = { input: 1, output: 1, total: 2 };
const never = new AbortController().signal;

export function queueContract(name: string, factory: QueueFactory): void {
  describe(`${name}: TaskQueue contract`, () => {
    it('delivers a task to a worker and its outcome to the waiter', async () => {
      const queue = await factory.create();
      const sub = queue.consume('q', async (t) => ({ output: `done:${t.prompt}`, usage }), { concurrency: 1, name: 'w' });
      const t = task('r', 'hello');
      const result = queue.result(t.id, never);
      await queue.enqueue('q', t);
      await expect(result).resolves.toEqual({ output: 'done:hello', usage });
      await sub.close();
      await queue.close();
    });

    it('keeps a task pending until a worker comes', async () => {
      const queue = await factory.create();
      const t = task();
      const result = queue.result(t.id, never);
      await queue.enqueue('late', t);
      const sub = queue.consume('late', async () => ({ output: 'late ok', usage }), { concurrency: 1, name: 'w' });
      await expect(result).resolves.toMatchObject({ output: 'late ok' });
      await sub.close();
      await queue.close();
    });

    it('respects worker concurrency', async () => {
      const queue = await factory.create();
      let running = 0;
      let peak = 0;
      const sub = queue.consume('c', async () => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return { output: 'x', usage };
      }, { concurrency: 2, name: 'w' });
      const tasks = Array.from({ length: 6 }, () => task());
      const results = tasks.map((t) => queue.result(t.id, never));
      for (const t of tasks) await queue.enqueue('c', t);
      await Promise.all(results);
      expect(peak).toBe(2);
      await sub.close();
      await queue.close();
    });

    it('reports a failed task as a TaskError with its message', async () => {
      const queue = await factory.create();
      const sub = queue.consume('f', async () => { throw new TaskError('provider said no', usage); }, { concurrency: 1, name: 'w' });
      const t = task();
      const result = queue.result(t.id, never);
      await queue.enqueue('f', t);
      await expect(result).rejects.toThrow('provider said no');
      await sub.close();
      await queue.close();
    });

    it('ignores a second enqueue of the same task id (idempotent)', async () => {
      const queue = await factory.create();
      let calls = 0;
      const sub = queue.consume('i', async () => { calls++; return { output: 'once', usage }; }, { concurrency: 1, name: 'w' });
      const t = task();
      const result = queue.result(t.id, never);
      await queue.enqueue('i', t);
      await queue.enqueue('i', t);
      await result;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(calls).toBe(1);
      await sub.close();
      await queue.close();
    });

    it('rejects submissions above the pending limit with a clear error', async () => {
      const queue = await factory.create({ pendingLimit: 2 });
      await queue.enqueue('full', task());
      await queue.enqueue('full', task());
      await expect(queue.enqueue('full', task())).rejects.toBeInstanceOf(QueueFullError);
      await expect(queue.enqueue('full', task())).rejects.toThrow(/pending limit/);
      await queue.close();
    });

    it('cancels a running task when the waiter aborts', async () => {
      const queue = await factory.create();
      let sawAbort = false;
      const sub = queue.consume('x', (_t, signal) => new Promise((_, reject) => {
        signal.addEventListener('abort', () => { sawAbort = true; reject(new TaskError('cancelled')); });
      }), { concurrency: 1, name: 'w' });
      const abort = new AbortController();
      const t = task();
      const result = queue.result(t.id, abort.signal);
      await queue.enqueue('x', t);
      await new Promise((resolve) => setTimeout(resolve, 20));
      abort.abort();
      await expect(result).rejects.toThrow(/cancelled/);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sawAbort).toBe(true);
      await sub.close();
      await queue.close();
    });
  });
}
