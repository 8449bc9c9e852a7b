// The TaskQueue contract against a real redis-server, plus what only Redis can show: a
// malformed stream entry, a consumer's connection dropped under it. The contract's queue
// times are scaled down (÷10) so its timeout cases take real time, but little of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { task, queueContract } from '../../src/queue/contract.js';
import { RedisQueue, type RedisSubscription } from '../../src/queue/redis.js';
import { Redis } from 'ioredis';
import { queueKeys, RESULTS_CHANNEL } from '../../src/queue/names.js';
import type { QueueOptions } from '../../src/queue/types.js';
import { redisCommand, startRedis, type RedisServer } from '../support/redis.js';

const SCALE = 10;
let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server.stop(); });

function scaled(options: Omit<QueueOptions, 'clock'> = {}): Omit<QueueOptions, 'clock'> {
  const out: Omit<QueueOptions, 'clock'> = { ...options };
  if (options.visibilityTimeoutMs !== undefined) out.visibilityTimeoutMs = options.visibilityTimeoutMs / SCALE;
  if (options.resultTtlMs !== undefined) out.resultTtlMs = options.resultTtlMs / SCALE;
  return out;
}

queueContract('redis', {
  create: async (options) => {
    await redisCommand(server.port, 'FLUSHALL');
    return new RedisQueue({ url: server.url, ...scaled(options) });
  },
  crash: async (subscription) => { (subscription as RedisSubscription).crash(); },
  advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms / SCALE)),
  peer: async () => new RedisQueue({ url: server.url }),
});

const never = new AbortController().signal;
const usage = { input: 1, output: 1, total: 2 };

describe('redis queue: malformed entries', () => {
  it('dead-letters malformed entries with the reason and keeps consuming', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const queue = new RedisQueue({ url: server.url });
    const stream = queueKeys('bad').stream;
    const errors: string[] = [];
    const good = task('r', 'fine');
    const goodResult = queue.result('bad', good.id, never);
    const sub = queue.consume('bad', async (t) => ({ output: `ok ${t.prompt}`, usage }), { concurrency: 1, onError: (error) => errors.push(error.message) });
    const notJson = task();
    const wrongType = { ...task(), prompt: 42 };
    const notJsonResult = queue.result('bad', notJson.id, never).then(() => 'resolved', (error: Error) => error.message);
    await redisCommand(server.port, 'XADD', stream, '*', 'id', notJson.id, 'attempt', '1', 'task', '{not json');
    await redisCommand(server.port, 'XADD', stream, '*', 'id', wrongType.id, 'attempt', '1', 'task', JSON.stringify(wrongType));
    await redisCommand(server.port, 'XADD', stream, '*', 'garbage', 'x');
    await redisCommand(server.port, 'XADD', stream, '*', 'id', 'huge', 'attempt', '1', 'task', 'x'.repeat(9 * 1024 * 1024));
    await queue.enqueue('bad', good);
    await expect(goodResult).resolves.toMatchObject({ output: 'ok fine' });
    expect(await notJsonResult).toContain(`task ${notJson.id} is not JSON`);
    const reasons = (await queue.deadLetters('bad')).map((letter) => letter.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/malformed task entry .*: task .* is not JSON/),
      expect.stringMatching(/field "prompt" is 42, not a string/),
      expect.stringMatching(/no "id" field/),
      expect.stringMatching(/above the 8388608-byte limit/),
    ]);
    expect(errors, errors.join(" | ")).toHaveLength(4);
    expect(await redisCommand(server.port, 'XLEN', stream)).toBe('0');
    await sub.close();
    await queue.close();
  });

  it('refuses a task above the size limit at enqueue, naming the size and the fix', async () => {
    const queue = new RedisQueue({ url: server.url });
    const big = { ...task(), prompt: 'x'.repeat(9 * 1024 * 1024) };
    await expect(queue.enqueue('big', big)).rejects.toThrow(/above the 8388608-byte limit of a queued task; fix:/);
    await queue.close();
  });
});

describe('redis queue: connection loss', () => {
  it('keeps consuming after the server drops every client connection', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const queue = new RedisQueue({ url: server.url });
    const sub = queue.consume('drop', async (t) => ({ output: t.prompt, usage }), { concurrency: 2 });
    const first = task('r', 'before');
    const firstResult = queue.result('drop', first.id, never);
    await queue.enqueue('drop', first);
    await firstResult;
    await redisCommand(server.port, 'CLIENT', 'KILL', 'TYPE', 'normal');
    await redisCommand(server.port, 'CLIENT', 'KILL', 'TYPE', 'pubsub');
    const second = task('r', 'after');
    const secondResult = queue.result('drop', second.id, never);
    await queue.enqueue('drop', second);
    await expect(secondResult).resolves.toMatchObject({ output: 'after' });
    await sub.close();
    await queue.close();
  });
});

describe('redis queue: scripts', () => {
  it('sends its scripts again after the server lost its script cache', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const queue = new RedisQueue({ url: server.url });
    const sub = queue.consume('flushed', async (t) => ({ output: t.prompt, usage }), { concurrency: 2 });
    for (const prompt of ['before', 'after']) {
      const t = task('r', prompt);
      const result = queue.result('flushed', t.id, never);
      await queue.enqueue('flushed', t);
      await expect(result).resolves.toMatchObject({ output: prompt });
      await redisCommand(server.port, 'SCRIPT', 'FLUSH');
    }
    await sub.close();
    await queue.close();
  });

  it('loads each script once for a burst on a fresh connection, with no NOSCRIPT replies', async () => {
    await redisCommand(server.port, 'SCRIPT', 'FLUSH');
    await redisCommand(server.port, 'CONFIG', 'RESETSTAT');
    const queue = new RedisQueue({ url: server.url });
    const sub = queue.consume('burst', async (t) => ({ output: t.prompt, usage }), { concurrency: 5 });
    const tasks = Array.from({ length: 200 }, (_, i) => task('r', `p${i}`));
    const results = tasks.map((t) => queue.result('burst', t.id, never));
    await Promise.all(tasks.map((t) => queue.enqueue('burst', t)));
    await expect(Promise.all(results)).resolves.toHaveLength(200);
    expect(String(await redisCommand(server.port, 'INFO', 'errorstats'))).not.toMatch(/NOSCRIPT/);
    await sub.close();
    await queue.close();
  });
});

describe('redis queue: what happens in one turn goes in one script call', () => {
  it('finishes 200 tasks of a concurrency-20 consumer in far fewer calls than tasks, each result once', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const submitter = new RedisQueue({ url: server.url });
    const tasks = Array.from({ length: 200 }, (_, i) => task('r', `p${i}`));
    const results = tasks.map((t) => submitter.result('batched', t.id, never));
    await Promise.all(tasks.map((t) => submitter.enqueue('batched', t)));
    await redisCommand(server.port, 'CONFIG', 'RESETSTAT');
    const runtime = new RedisQueue({ url: server.url });
    const sub = runtime.consume('batched', async (t) => ({ output: `ran ${t.prompt}`, usage }), { concurrency: 20 });
    const outcomes = await Promise.all(results);
    expect(outcomes.map((outcome) => outcome.output)).toEqual(tasks.map((t) => `ran ${t.prompt}`));
    const stats = String(await redisCommand(server.port, 'INFO', 'commandstats'));
    const calls = (name: string): number => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    // Every result recorded and acknowledged once, by fewer than one script call per 5 tasks.
    expect([calls('set'), calls('xack'), calls('publish')]).toEqual([200, 200, 200]);
    expect(calls('evalsha') + calls('eval')).toBeLessThan(40);
    expect(Number(await redisCommand(server.port, 'XLEN', queueKeys('batched').stream))).toBe(0);
    await sub.close();
    await Promise.all([runtime.close(), submitter.close()]);
  });

  it('adds a burst of 1,000 submissions in batches of at most 100 script calls each', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const submitter = new RedisQueue({ url: server.url });
    await submitter.enqueue('burst-in', task('r', 'first'));
    await redisCommand(server.port, 'CONFIG', 'RESETSTAT');
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => submitter.enqueue('burst-in', task('r', `p${i}`))));
    const stats = String(await redisCommand(server.port, 'INFO', 'commandstats'));
    const calls = (name: string): number => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    expect(calls('xadd')).toBe(1_000);
    expect(calls('evalsha') + calls('eval')).toBe(10);
    expect(Number(await redisCommand(server.port, 'XLEN', queueKeys('burst-in').stream))).toBe(1_001);
    await submitter.close();
  });
});

describe('redis queue: slots free when the handler settles', () => {
  it('keeps handlers within concurrency while results are written, and finishes every task', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const queue = new RedisQueue({ url: server.url });
    let running = 0;
    let peak = 0;
    // Each handler outlasts a round trip, so the freed slots are refilled while others run.
    const sub = queue.consume('flow', async (t) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return { output: `ran ${t.prompt}`, usage };
    }, { concurrency: 3 });
    const tasks = Array.from({ length: 300 }, (_, i) => task('r', `n${i}`));
    const results = tasks.map((t) => queue.result('flow', t.id, never));
    await Promise.all(tasks.map((t) => queue.enqueue('flow', t)));
    const outputs = (await Promise.all(results)).map((outcome) => outcome.output);
    expect(outputs).toEqual(tasks.map((t) => `ran ${t.prompt}`));
    expect(peak).toBe(3);
    await sub.close();
    const keys = queueKeys('flow');
    expect(await redisCommand(server.port, 'XLEN', keys.stream)).toBe('0');
    expect(await redisCommand(server.port, 'HLEN', keys.live)).toBe('0');
    await queue.close();
  });
});

describe('redis queue: result announcements', () => {
  it('subscribes to results only once a process waits for one', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const admin = new Redis(server.url);
    const subscribers = async (): Promise<number> => Number(((await admin.pubsub('NUMSUB', RESULTS_CHANNEL)) as [string, number])[1]);
    const runtime = new RedisQueue({ url: server.url });
    const sub = runtime.consume('quiet', async (t) => ({ output: t.prompt, usage }), { concurrency: 1 });
    const submitter = new RedisQueue({ url: server.url });
    const t = task('r', 'heard');
    const result = submitter.result('quiet', t.id, never);
    await submitter.enqueue('quiet', t);
    await expect(result).resolves.toMatchObject({ output: 'heard' });
    expect(await subscribers()).toBe(1);
    await sub.close();
    await Promise.all([runtime.close(), submitter.close()]);
    await admin.quit();
  });

  it('reads no result key for a task it has just added, yet finds the result of one already known', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const runtime = new RedisQueue({ url: server.url });
    const sub = runtime.consume('reads', async (t) => ({ output: t.prompt, usage }), { concurrency: 4 });
    const submitter = new RedisQueue({ url: server.url });
    const first = task('r', 'first');
    const firstResult = submitter.result('reads', first.id, never);
    await submitter.enqueue('reads', first);
    await firstResult;
    await redisCommand(server.port, 'CONFIG', 'RESETSTAT');
    const tasks = Array.from({ length: 200 }, (_, i) => task('r', `n${i}`));
    const results = tasks.map((t) => submitter.result('reads', t.id, new AbortController().signal));
    await Promise.all(tasks.map((t) => submitter.enqueue('reads', t)));
    await Promise.all(results);
    expect(await getCalls()).toBe(0);
    // Another process submits the finished task again: the enqueue adds nothing, so it reads the key.
    const peer = new RedisQueue({ url: server.url });
    const again = peer.result('reads', first.id, never);
    await peer.enqueue('reads', first);
    await expect(again).resolves.toMatchObject({ output: 'first' });
    await sub.close();
    await Promise.all([runtime.close(), submitter.close(), peer.close()]);
  });

  it('announces a small result with itself and a large one by its key, and both reach their waiters', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const runtime = new RedisQueue({ url: server.url });
    const sub = runtime.consume('sizes', async (t) => ({ output: t.prompt.repeat(Number(t.inputs.times ?? 1)), usage }), { concurrency: 2 });
    const submitter = new RedisQueue({ url: server.url });
    const small = task('r', 'small');
    const large = { ...task('r', 'large '), inputs: { times: '5000' } };
    const results = [small, large].map((t) => submitter.result('sizes', t.id, never));
    await Promise.all([small, large].map((t) => submitter.enqueue('sizes', t)));
    const [smallOutcome, largeOutcome] = await Promise.all(results);
    expect(smallOutcome?.output).toBe('small');
    expect(largeOutcome?.output).toBe('large '.repeat(5000));
    await sub.close();
    await Promise.all([runtime.close(), submitter.close()]);
  });

  it('rejects a refused enqueue to its caller alone, with or without a waiter, and the waiter with it', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const submitter = new RedisQueue({ url: server.url });
    const warm = task('r', 'warm');
    submitter.result('refused', warm.id, never).catch(() => undefined);
    await submitter.enqueue('refused', warm);
    await redisCommand(server.port, 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await redisCommand(server.port, 'CONFIG', 'SET', 'maxmemory', '1');
    try {
      await expect(submitter.enqueue('refused', task('r', 'unwatched'))).rejects.toThrow(/OOM/);
      const watched = task('r', 'watched');
      const waiting = new AbortController();
      const result = submitter.result('refused', watched.id, waiting.signal);
      await expect(submitter.enqueue('refused', watched)).rejects.toThrow(/OOM/);
      waiting.abort(new Error('gave up'));
      await expect(result).rejects.toThrow('gave up');
    } finally {
      await redisCommand(server.port, 'CONFIG', 'SET', 'maxmemory', '0');
    }
    await submitter.close();
  });

  it('delivers a result recorded while the waiting process was disconnected', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const submitter = new RedisQueue({ url: server.url });
    const warm = task('r', 'warm');
    const warmResult = submitter.result('away', warm.id, never);
    await submitter.enqueue('away', warm);
    const t = task('r', 'while away');
    const result = submitter.result('away', t.id, never);
    await submitter.enqueue('away', t);
    await redisCommand(server.port, 'CLIENT', 'KILL', 'TYPE', 'pubsub');
    const runtime = new RedisQueue({ url: server.url });
    const sub = runtime.consume('away', async (task) => ({ output: task.prompt, usage }), { concurrency: 1 });
    await expect(Promise.all([warmResult, result])).resolves.toMatchObject([{ output: 'warm' }, { output: 'while away' }]);
    await sub.close();
    await Promise.all([runtime.close(), submitter.close()]);
  });
});

/** GET commands the server ran since the last CONFIG RESETSTAT. */
async function getCalls(): Promise<number> {
  const stats = await redisCommand(server.port, 'INFO', 'commandstats');
  return Number(/cmdstat_get:calls=(\d+)/.exec(String(stats))?.[1] ?? 0);
}

describe('redis queue: a task is never acknowledged without its result', () => {
  it('leaves the entry pending when the finishing script is refused (maxmemory), then completes it once on redelivery', async () => {
    await redisCommand(server.port, 'FLUSHALL');
    const queue = new RedisQueue({ url: server.url, visibilityTimeoutMs: 300 });
    const keys = queueKeys('oom');
    const errors: string[] = [];
    const attempts: number[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => {
      queue.consume('oom', async (_t, delivery) => {
        attempts.push(delivery.attempt);
        resolve();
        await gate;
        return { output: `done at attempt ${delivery.attempt}`, usage };
      }, { concurrency: 1, onError: (error) => errors.push(error.message) });
    });
    const t = task();
    const result = queue.result('oom', t.id, never);
    await queue.enqueue('oom', t);
    await started;
    await redisCommand(server.port, 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await redisCommand(server.port, 'CONFIG', 'SET', 'maxmemory', '1');
    try {
      release();
      await waitUntil(() => errors.some((message) => /OOM/.test(message)));
      expect(await redisCommand(server.port, 'XLEN', keys.stream)).toBe('1');
      expect(await queue.peek('oom', t.id)).toBeUndefined();
    } finally {
      await redisCommand(server.port, 'CONFIG', 'SET', 'maxmemory', '0');
    }
    await expect(result).resolves.toEqual({ output: 'done at attempt 2', usage });
    expect(attempts).toEqual([1, 2]);
    await waitUntil(async () => (await redisCommand(server.port, 'XLEN', keys.stream)) === '0');
    await queue.close();
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 500) throw new Error('the condition did not hold within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
