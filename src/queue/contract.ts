// The behaviour every TaskQueue adapter must show. Each adapter's test file calls
// queueContract() with a factory; the Redis adapter runs it against a real redis-server.
// Tests wait on events (a worker started, a result arrived), never on fixed sleeps; the
// factory moves time for the timeout cases.
import { setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
import { QueueFullError, type QueueOptions, type Subscription, type TaskQueue } from './types.js';

export interface QueueFactory {
  create(options?: Omit<QueueOptions, 'clock'>): Promise<TaskQueue>;
  /** Stops a consumer as a killed process would (no hand-back, no heartbeats). */
  crash(subscription: Subscription): Promise<void>;
  /** Lets `ms` of queue time pass (a fake clock, or real time for real servers). */
  advance(ms: number): Promise<void>;
  /**
   * The same queue as seen by another process (a second client of the same server); an
   * adapter whose state lives in one process returns `queue` itself.
   */
  peer(queue: TaskQueue): Promise<TaskQueue>;
}

let sequence = 0;
/** Task ids are unique per test process and run, so suites sharing a server never collide. */
const runPrefix = `run-${process.pid}-${Date.now().toString(36)}`;
export function task(role = 'r', prompt = 'p'): AgentTask {
  sequence++;
  return { id: `${runPrefix}/${role}/${sequence}`, runId: runPrefix, step: role, role, kind: 'step', prompt, inputs: { prompt } };
}

const usage = { input: 1, output: 1, total: 2 };
const never = new AbortController().signal;
setMaxListeners(0, never);

/** A promise with its resolve function, to wait for "this happened". */
export function signalled<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => { resolve = done; });
  return { promise, resolve };
}

export function queueContract(name: string, factory: QueueFactory): void {
  describe(`${name}: TaskQueue contract — delivery`, () => deliveryCases(factory));
  describe(`${name}: TaskQueue contract — failures and retries`, () => failureCases(factory));
  describe(`${name}: TaskQueue contract — cancellation and shutdown`, () => cancelCases(factory));
}

function deliveryCases(factory: QueueFactory): void {
  it('delivers a task to a worker and its outcome to the waiter', async () => {
    const queue = await factory.create();
    const sub = queue.consume('q', async (t, delivery) => ({ output: `done:${t.prompt}:${delivery.attempt}`, usage }), { concurrency: 1 });
    const t = task('r', 'hello');
    const result = queue.result('q', t.id, never);
    await queue.enqueue('q', t);
    await expect(result).resolves.toEqual({ output: 'done:hello:1', usage });
    await sub.close();
    await queue.close();
  });

  it('keeps a task pending until a worker comes', async () => {
    const queue = await factory.create();
    const t = task();
    const result = queue.result('late', t.id, never);
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
    const results = tasks.map((t) => queue.result('c', t.id, never));
    for (const t of tasks) await queue.enqueue('c', t);
    await twoRunning.promise;
    for (let opened = 0; opened < tasks.length; opened++) {
      while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
      gates.shift()!();
      await results[opened];
    }
    expect(peak).toBe(2);
    await sub.close();
    await queue.close();
  });

  it('shares one queue among competing consumers, each task run once', async () => {
    const queue = await factory.create();
    const ran = new Map<string, string[]>();
    const worker = (consumer: string) => queue.consume('shared', async (t) => {
      ran.set(t.id, [...(ran.get(t.id) ?? []), consumer]);
      await new Promise((resolve) => setImmediate(resolve));
      return { output: consumer, usage };
    }, { concurrency: 2, consumer });
    const subs = [worker('a'), worker('b')];
    const tasks = Array.from({ length: 20 }, () => task());
    const results = tasks.map((t) => queue.result('shared', t.id, never));
    for (const t of tasks) await queue.enqueue('shared', t);
    const outputs = (await Promise.all(results)).map((outcome) => outcome.output);
    expect(new Set(outputs)).toEqual(new Set(['a', 'b']));
    expect([...ran.values()].every((consumers) => consumers.length === 1)).toBe(true);
    await Promise.all(subs.map((sub) => sub.close()));
    await queue.close();
  });

  it('serves a result to a process that did not submit the task, after the submitter closed', async () => {
    const submitter = await factory.create();
    const worker = await factory.peer(submitter);
    const sub = worker.consume('peer', async (t) => ({ output: `ran ${t.prompt}`, usage }), { concurrency: 1 });
    const t = task('r', 'elsewhere');
    const seenByWorker = worker.result('peer', t.id, never);
    await submitter.enqueue('peer', t);
    await expect(seenByWorker).resolves.toMatchObject({ output: 'ran elsewhere' });
    if (worker !== submitter) await submitter.close();
    const reader = await factory.peer(worker);
    await expect(reader.result('peer', t.id, never)).resolves.toMatchObject({ output: 'ran elsewhere' });
    await sub.close();
    if (reader !== worker) await reader.close();
    await worker.close();
  });

  it('peeks at a result without waiting: none while pending, then the outcome or the failure, from any process', async () => {
    const queue = await factory.create();
    const reader = await factory.peer(queue);
    const ok = task('r', 'peek');
    const bad = task('r', 'fail');
    await queue.enqueue('peek', ok);
    await queue.enqueue('peek', bad);
    await expect(reader.peek('peek', ok.id)).resolves.toBeUndefined();
    const sub = queue.consume('peek', async (t) => {
      if (t.prompt === 'fail') throw new TaskError('no luck');
      return { output: 'seen', usage };
    }, { concurrency: 2 });
    await queue.result('peek', ok.id, never);
    await queue.result('peek', bad.id, never).catch(() => undefined);
    await expect(reader.peek('peek', ok.id)).resolves.toEqual({ ok: true, outcome: { output: 'seen', usage } });
    const failed = await reader.peek('peek', bad.id);
    expect(failed?.ok === false && failed.error.message).toBe('no luck');
    await sub.close();
    if (reader !== queue) await reader.close();
    await queue.close();
  });

  it('ignores a second enqueue of the same task id (idempotent)', async () => {
    const queue = await factory.create();
    let calls = 0;
    const sub = queue.consume('i', async () => { calls++; return { output: 'once', usage }; }, { concurrency: 1 });
    const t = task();
    const result = queue.result('i', t.id, never);
    await queue.enqueue('i', t);
    await queue.enqueue('i', t);
    await result;
    await queue.enqueue('i', t);
    const after = task();
    const afterResult = queue.result('i', after.id, never);
    await queue.enqueue('i', after);
    await afterResult;
    expect(calls).toBe(2);
    await expect(queue.result('i', t.id, never)).resolves.toMatchObject({ output: 'once' });
    await sub.close();
    await queue.close();
  });

  it('rejects submissions above the pending limit and keeps what it accepted', async () => {
    const queue = await factory.create({ pendingLimit: 2 });
    const accepted = [task(), task()];
    for (const t of accepted) await queue.enqueue('full', t);
    await expect(queue.enqueue('full', task())).rejects.toBeInstanceOf(QueueFullError);
    await expect(queue.enqueue('full', task())).rejects.toThrow(/pending limit/);
    const results = accepted.map((t) => queue.result('full', t.id, never));
    const sub = queue.consume('full', async (t) => ({ output: t.id, usage }), { concurrency: 1 });
    expect((await Promise.all(results)).map((outcome) => outcome.output)).toEqual(accepted.map((t) => t.id));
    await sub.close();
    await queue.close();
  });

  it('takes a burst of submissions in order: a repeated id is a no-op, and the limit refuses only those above it', async () => {
    const queue = await factory.create({ pendingLimit: 3 });
    const [a, b, c, d] = [task(), task(), task(), task()];
    const settled = await Promise.allSettled([a, a, b, c, d].map((t) => queue.enqueue('burst', t)));
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(settled[4]).toMatchObject({ reason: expect.any(QueueFullError) as unknown });
    const results = [a, b, c].map((t) => queue.result('burst', t.id, never));
    const ran: string[] = [];
    const sub = queue.consume('burst', async (t) => { ran.push(t.id); return { output: t.id, usage }; }, { concurrency: 1 });
    expect((await Promise.all(results)).map((outcome) => outcome.output)).toEqual([a.id, b.id, c.id]);
    expect(ran).toEqual([a.id, b.id, c.id]);
    await sub.close();
    await queue.close();
  });

  it('forgets results after their lifetime', async () => {
    const queue = await factory.create({ resultTtlMs: 1_000 });
    const sub = queue.consume('ttl', async () => ({ output: 'kept a while', usage }), { concurrency: 1 });
    const t = task();
    const result = queue.result('ttl', t.id, never);
    await queue.enqueue('ttl', t);
    await result;
    await factory.advance(1_500);
    const waiting = new AbortController();
    const late = queue.result('ttl', t.id, waiting.signal);
    waiting.abort(new Error('no result'));
    await expect(late).rejects.toThrow('no result');
    await sub.close();
    await queue.close();
  });
}

function failureCases(factory: QueueFactory): void {
  it('records a terminal TaskError at once, without redelivery', async () => {
    const queue = await factory.create();
    let calls = 0;
    const sub = queue.consume('f', async () => { calls++; throw new TaskError('provider said no', usage); }, { concurrency: 1 });
    const t = task();
    const result = queue.result('f', t.id, never);
    await queue.enqueue('f', t);
    await expect(result).rejects.toThrow('provider said no');
    expect(calls).toBe(1);
    await sub.close();
    await queue.close();
  });

  it('redelivers a retryable failure with the same id and a higher attempt', async () => {
    const queue = await factory.create();
    const seen: string[] = [];
    const sub = queue.consume('retry', async (t, delivery) => {
      seen.push(`${t.id}#${delivery.attempt}`);
      if (delivery.attempt < 2) throw new TaskError('connection reset', usage, { retryable: true });
      return { output: 'second time lucky', usage };
    }, { concurrency: 1 });
    const t = task();
    const result = queue.result('retry', t.id, never);
    await queue.enqueue('retry', t);
    await expect(result).resolves.toMatchObject({ output: 'second time lucky' });
    expect(seen).toEqual([`${t.id}#1`, `${t.id}#2`]);
    await sub.close();
    await queue.close();
  });

  it('dead-letters a task that fails every delivery, with the reason as its result', async () => {
    const queue = await factory.create({ maxDeliveries: 3 });
    const errors: Error[] = [];
    const sub = queue.consume('poison', async () => { throw new Error('boom'); }, { concurrency: 1, onError: (error) => errors.push(error) });
    const t = task();
    const result = queue.result('poison', t.id, never);
    await queue.enqueue('poison', t);
    await expect(result).rejects.toThrow(`task ${t.id} failed 3 times: boom`);
    expect(await queue.deadLetters('poison')).toEqual([expect.objectContaining({ taskId: t.id, deliveries: 3 })]);
    expect(errors.map((error) => error.message)).toEqual(['boom', 'boom', 'boom']);
    await sub.close();
    await queue.close();
  });

  it('redelivers the tasks of a dead consumer after the visibility timeout', async () => {
    const queue = await factory.create({ visibilityTimeoutMs: 5_000 });
    const started = signalled();
    const dead = queue.consume('vis', () => { started.resolve(); return new Promise<TaskOutcome>(() => {}); }, { concurrency: 1, consumer: 'dead' });
    const t = task();
    const result = queue.result('vis', t.id, never);
    await queue.enqueue('vis', t);
    await started.promise;
    await factory.crash(dead);
    const attempts: number[] = [];
    const alive = queue.consume('vis', async (_t, delivery) => { attempts.push(delivery.attempt); return { output: 'rescued', usage }; }, { concurrency: 1, consumer: 'alive' });
    await factory.advance(6_000);
    await expect(result).resolves.toMatchObject({ output: 'rescued' });
    expect(attempts).toEqual([2]);
    await alive.close();
    await queue.close();
  });
}

function cancelCases(factory: QueueFactory): void {
  it('cancels a running task: its worker sees the abort and the waiter a cancellation', async () => {
    const queue = await factory.create();
    const started = signalled();
    const sawAbort = signalled();
    const sub = queue.consume('x', (_t, { signal }) => new Promise<TaskOutcome>((_, reject) => {
      started.resolve();
      signal.addEventListener('abort', () => { sawAbort.resolve(); reject(new TaskError('stopped')); });
    }), { concurrency: 1 });
    const t = task();
    const result = queue.result('x', t.id, never);
    await queue.enqueue('x', t);
    await started.promise;
    await queue.cancel('x', t.id);
    await expect(result).rejects.toThrow(/cancelled/);
    await sawAbort.promise;
    await sub.close();
    await queue.close();
  });

  it('withdraws a cancelled pending task: it never runs, and enqueuing it again is a no-op', async () => {
    const queue = await factory.create();
    const t = task();
    const first = queue.result('w', t.id, never);
    await queue.enqueue('w', t);
    await queue.cancel('w', t.id);
    await expect(first).rejects.toThrow(/cancelled/);
    let calls = 0;
    const sub = queue.consume('w', async () => { calls++; return { output: 'ran', usage }; }, { concurrency: 1 });
    await queue.enqueue('w', t);
    const other = task();
    const otherResult = queue.result('w', other.id, never);
    await queue.enqueue('w', other);
    await otherResult;
    expect(calls).toBe(1);
    await sub.close();
    await queue.close();
  });

  it('stops waiting on abort without cancelling the task', async () => {
    const queue = await factory.create();
    const gate = signalled();
    const sub = queue.consume('wait', async () => { await gate.promise; return { output: 'finished anyway', usage }; }, { concurrency: 1 });
    const t = task();
    const waiting = new AbortController();
    const first = queue.result('wait', t.id, waiting.signal);
    await queue.enqueue('wait', t);
    waiting.abort(new Error('caller gave up'));
    await expect(first).rejects.toThrow('caller gave up');
    gate.resolve();
    await expect(queue.result('wait', t.id, never)).resolves.toMatchObject({ output: 'finished anyway' });
    await sub.close();
    await queue.close();
  });

  it('close() waits for tasks in flight; after the grace period it hands them back', async () => {
    const queue = await factory.create();
    const gate = signalled();
    const started = signalled();
    const slow = queue.consume('grace', async () => { started.resolve(); await gate.promise; return { output: 'finished', usage }; }, { concurrency: 1 });
    const t = task();
    const result = queue.result('grace', t.id, never);
    await queue.enqueue('grace', t);
    await started.promise;
    let closed = false;
    const closing = slow.close().then(() => { closed = true; });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    gate.resolve();
    await closing;
    await expect(result).resolves.toMatchObject({ output: 'finished' });

    const stuckStarted = signalled();
    const stuck = queue.consume('grace', (_t, { signal }) => new Promise<TaskOutcome>((_, reject) => {
      stuckStarted.resolve();
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    }), { concurrency: 1, consumer: 'stuck' });
    const handed = task();
    const handedResult = queue.result('grace', handed.id, never);
    await queue.enqueue('grace', handed);
    await stuckStarted.promise;
    const closingStuck = stuck.close({ graceMs: 1_000 });
    await factory.advance(1_500);
    await closingStuck;
    const next = queue.consume('grace', async (_t, delivery) => ({ output: `picked up at attempt ${delivery.attempt}`, usage }), { concurrency: 1, consumer: 'next' });
    await expect(handedResult).resolves.toMatchObject({ output: 'picked up at attempt 2' });
    await next.close();
    await queue.close();
  });
}
