// The phases and times of a Task of the aggregated API, against a real redis-server: a
// runtime's claim (the CLAIM script in src/queue/redis-scripts.ts) turns it Running with a startTime and queue
// wait, its result gives the completionTime; a queued task without a record (a run step)
// leaves no claim key behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { taskObject } from '../../apiservice/task-object.js';
import { RedisTaskRecords } from '../../apiservice/task-records.js';
import type { AgentTask } from '../../src/engine/ports.js';
import { waitFor } from '../../hack/kube-env/net.js';
import { taskClaimKey } from '../../src/queue/names.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { QUEUE_DEFAULTS } from '../../src/queue/types.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';

let server: RedisServer;
let redis: Redis;
let queue: RedisQueue;
beforeAll(async () => {
  server = await startRedis();
  redis = connectRedis(server.url, { logger: silentLogger, role: 'test', pipelined: true });
  queue = new RedisQueue({ url: server.url });
});
afterAll(async () => {
  await queue.close();
  await closeRedis(redis);
  await server.stop();
});

const task = (id: string): AgentTask => ({ id, runId: id, step: 'task', role: 'writer', kind: 'step', prompt: 'hi', inputs: { prompt: 'hi' } });

describe('task phases and times', () => {
  it('reads Pending while queued, Running once claimed, then Succeeded with start, completion and queue wait', async () => {
    const records = new RedisTaskRecords(redis, QUEUE_DEFAULTS.resultTtlMs);
    const id = 'task-00000000000000000001';
    const record = { namespace: 'ns', target: 'arkagents/writer', prompt: 'hi', created: Date.now(), queue: 'ns.writer' };
    await records.save(id, record);
    await queue.enqueue('ns.writer', { ...task(id), recordStart: true });
    const read = async () => taskObject(id, record, await queue.peek('ns.writer', id), await records.times(id, 'ns.writer', Date.now()));
    expect((await read()).status).toEqual({ phase: 'Pending' });

    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await new Promise((resolve) => setTimeout(resolve, 50)); // a measurable queue wait
    const worker = queue.consume('ns.writer', async () => {
      await gate;
      return { output: 'done', usage: { input: 1, output: 2, total: 3 } };
    }, { concurrency: 1 });
    await waitFor('the claim', async () => (await read()).status.phase === 'Running', 10_000, () => undefined);
    const running = (await read()).status;
    expect(running.completionTime).toBeUndefined();
    expect(running.queueWaitSeconds).toBeGreaterThanOrEqual(0.05);
    expect(Date.parse(running.startTime!)).toBeGreaterThanOrEqual(record.created);

    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await queue.result('ns.writer', id, AbortSignal.timeout(10_000));
    const done = (await read()).status;
    await worker.close();
    expect(done).toMatchObject({ phase: 'Succeeded', output: 'done', startTime: running.startTime, queueWaitSeconds: running.queueWaitSeconds });
    const took = Date.parse(done.completionTime!) - Date.parse(done.startTime!);
    expect(took).toBeGreaterThanOrEqual(90);
    expect(took).toBeLessThan(5_000);
  });

  it('writes no claim for a task the aggregated API did not record', async () => {
    const id = 'run-1.step';
    const worker = queue.consume('ns.steps', async () => ({ output: 'ok', usage: { input: 0, output: 0, total: 0 } }), { concurrency: 1 });
    await queue.enqueue('ns.steps', task(id));
    await queue.result('ns.steps', id, AbortSignal.timeout(10_000));
    await worker.close();
    expect(await redis.exists(taskClaimKey(id))).toBe(0);
  });
});
