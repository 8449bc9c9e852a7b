// The behaviour every TaskQueue adapter must show. Each adapter's test file calls
// queueContract() with a factory; a Redis adapter must pass it against a real redis-server.
// Tests wait on events (a worker started, a result arrived), never on fixed sleeps.
import { describe, expect, it } from 'vitest';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
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

/** A promise with its resolve function, to wait for "this happened". */
function signalled<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => { resolve = done; });
  return { promise, resolve };
}

export function queueContract(name: string, factory: QueueFactory): void {
  describe(`${name}: TaskQueue contract`, () => {
    it('delivers a task to a worker and its outcome to the waiter', async () => {
      const queue = await factory.create();
      const sub = queue.consume('q', async (t) => ({ output: `done:${t.prompt}`, usage }), { concurrency: 1 });
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
      const sub = queue.consume('late', async () => ({ output: 'late ok', usage }), { concurrency: 1 });
      await expect(result).resolves.toMatchObject({ output: 'late ok' });
      await sub.close();
      await queue.close();
    });

    it('respects worker concurrency', async () => {
      const queue = await factory.create();
      let running = 0;
      let peak = 0;
      const gates: (() => void)[] = [];
      const twoRunning = signalled();
      const sub = queue.consume('c', async () => {
        peak = Math.max(peak, ++running);
        if (running === 2) twoRunning.resolve();
        await new Promise<void>((open) => gates.push(open));
        running--;
        return { output: 'x', usage };
      }, { concurrency: 2 });
      const tasks = Array.from({ length: 6 }, () => task());
      const results = tasks.map((t) => queue.result(t.id, never));
      for (const t of tasks) await queue.enqueue('c', t);
      await twoRunning.promise;
      // Open the gates one by one; each frees a slot for the next pending task.
      for (let opened = 0; opened < tasks.length; opened++) {
        while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
        gates.shift()!();
        await results[opened];
      }
      await Promise.all(results);
      expect(peak).toBe(2);
      await sub.close();
      await queue.close();
    });

    it('reports a failed task as a TaskError with its message', async () => {
      const queue = await factory.create();
      const sub = queue.consume('f', async () => { throw new TaskError('provider said no', usage); }, { concurrency: 1 });
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
      const sub = queue.consume('i', async () => { calls++; return { output: 'once', usage }; }, { concurrency: 1 });
      const t = task();
      const result = queue.result(t.id, never);
      await queue.enqueue('i', t);
      await queue.enqueue('i', t);
      await result;
      // A later task on the same queue runs after any duplicate would have: FIFO order.
      const after = task();
      const afterResult = queue.result(after.id, never);
      await queue.enqueue('i', after);
      await afterResult;
      expect(calls).toBe(2);
      await expect(queue.result(t.id, never)).resolves.toMatchObject({ output: 'once' });
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
      const started = signalled();
      const sawAbort = signalled();
      const sub = queue.consume('x', (_t, signal) => new Promise<TaskOutcome>((_, reject) => {
        started.resolve();
        signal.addEventListener('abort', () => { sawAbort.resolve(); reject(new TaskError('cancelled')); });
      }), { concurrency: 1 });
      const abort = new AbortController();
      const t = task();
      const result = queue.result(t.id, abort.signal);
      await queue.enqueue('x', t);
      await started.promise;
      abort.abort();
      await expect(result).rejects.toThrow(/cancelled/);
      await sawAbort.promise;
      await sub.close();
      await queue.close();
    });

    it('withdraws a pending task on abort, and runs it when it is enqueued again', async () => {
      const queue = await factory.create();
      const abort = new AbortController();
      const t = task();
      const first = queue.result(t.id, abort.signal);
      await queue.enqueue('w', t);
      abort.abort();
      await expect(first).rejects.toThrow(/cancelled/);
      const sub = queue.consume('w', async () => ({ output: 'second time', usage }), { concurrency: 1 });
      const second = queue.result(t.id, never);
      await queue.enqueue('w', t);
      await expect(second).resolves.toMatchObject({ output: 'second time' });
      await sub.close();
      await queue.close();
    });
  });
}
