// The EventLog and RunStore contracts against a real redis-server, and what the Redis
// adapters add: large outputs stored by reference, bounded streams, retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { OUTPUT_PREVIEW_BYTES } from '../../src/api/index.js';
import type { LoggedEvent } from '../../src/engine/events.js';
import { outputKey, runLogKey, runStateKey } from '../../src/queue/names.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { eventLogContract } from '../../src/store/event-log.contract.js';
import { RedisEventLog } from '../../src/store/redis-event-log.js';
import { RedisRunStore } from '../../src/store/redis-run-store.js';
import { runStoreContract } from '../../src/store/run-store.contract.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';

let server: RedisServer;
let redis: Redis;
const followers: Redis[] = [];
const connect = (): Redis => connectRedis(server.url, { logger: silentLogger, role: 'test' });
beforeAll(async () => {
  server = await startRedis();
  redis = connect();
});
afterAll(async () => {
  await closeRedis(redis);
  await Promise.all(followers.map(closeRedis));
  await server.stop();
});

runStoreContract('redis', async () => {
  await redis.flushall();
  return new RedisRunStore(redis);
});
eventLogContract('redis', async () => {
  await redis.flushall();
  return new RedisEventLog(redis, connect);
});

const usage = { input: 1, output: 1, total: 2 };
const fields = { team: 't', phase: 'Succeeded' as const, startTime: 1, usage };

describe('redis run store: large outputs', () => {
  it('keeps a large output once under its outputRef and a small one inline', async () => {
    const store = new RedisRunStore(redis, { retentionMs: 60_000 });
    const big = 'y'.repeat(OUTPUT_PREVIEW_BYTES + 1);
    await store.save({ runId: 'big', run: { ...fields, output: big }, steps: [{ name: 'a', phase: 'Succeeded', output: big }, { name: 'b', phase: 'Succeeded', output: 'small' }] });
    const state = await redis.hgetall(runStateKey('big'));
    expect(state['step:a']).not.toContain('yyyy');
    expect(JSON.parse(state['step:a']!)).toMatchObject({ outputRef: outputKey('big', 'a') });
    expect(await redis.get(outputKey('big', 'a'))).toBe(big);
    expect(await redis.get(outputKey('big'))).toBe(big);
    const loaded = await store.load('big');
    expect(loaded).toMatchObject({ output: big, outputRef: outputKey('big') });
    expect(loaded!.steps).toEqual([
      { name: 'a', phase: 'Succeeded', output: big, outputRef: outputKey('big', 'a') },
      { name: 'b', phase: 'Succeeded', output: 'small' },
    ]);
    expect(await redis.pttl(runStateKey('big'))).toBeGreaterThan(50_000);
  });
});

describe('redis event log: bounds', () => {
  it('trims a run stream to about its bound and expires it after the retention', async () => {
    const log = new RedisEventLog(redis, connect, { maxEventsPerRun: 100, retentionMs: 30_000 });
    const events: LoggedEvent[] = Array.from({ length: 1_000 }, (_, i) => ({ type: 'step.skipped', time: i, runId: 'long', step: 'a', reason: '', seq: i + 1 }));
    await log.append('long', events);
    const kept = await log.read('long');
    expect(kept.length).toBeGreaterThanOrEqual(100);
    expect(kept.length).toBeLessThan(1_000);
    expect(kept.at(-1)!.seq).toBe(1_000);
    expect(await redis.pttl(runLogKey('long'))).toBeGreaterThan(20_000);
  });

  it('numbers the events of two writers of one run in arrival order, without gaps or clashes', async () => {
    const log = new RedisEventLog(redis, connect);
    const skipped = (seq: number, step: string): LoggedEvent => ({ type: 'step.skipped', time: seq, runId: 'two', step, reason: '', seq });
    await log.append('two', [skipped(1, 'engine'), skipped(2, 'engine')]);
    await log.append('two', [skipped(1, 'runtime')]);
    await log.append('two', [skipped(3, 'engine')]);
    const read = await log.read('two');
    expect(read.map((event) => [event.seq, event.type === 'step.skipped' ? event.step : ''])).toEqual([[1, 'engine'], [2, 'engine'], [3, 'runtime'], [4, 'engine']]);
    expect(await log.lastSeq('two')).toBe(4);
  });
});

describe('redis event log: follow races', () => {
  const base = { time: 1, runId: 'race' };
  const startedEvent = (runId: string): LoggedEvent => ({ ...base, runId, type: 'run.started', team: 't', steps: ['a'], seq: 0 });
  const stepEvent = (runId: string): LoggedEvent => ({ ...base, runId, type: 'step.started', step: 'a', attempt: 1, iteration: 1, seq: 0 });
  const failedTask = (runId: string): LoggedEvent => ({ ...base, runId, type: 'task.failed', step: 'a', taskId: 't', error: 'cancelled', seq: 0 });
  const completedEvent = (runId: string): LoggedEvent => ({
    ...base, runId, type: 'run.completed', phase: 'Cancelled', usage: { input: 0, output: 0, total: 0 }, durationMs: 1, seq: 0,
  });
  async function follow(log: RedisEventLog, runId: string, after: number, ms = 3_000): Promise<{ types: string[]; ended: boolean }> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ms);
    const types: string[] = [];
    for await (const event of log.follow(runId, after, abort.signal)) types.push(event.type);
    clearTimeout(timer);
    return { types, ended: !abort.signal.aborted };
  }

  it('sees a run.completed appended between its first read and its first blocking read', async () => {
    /** A log whose read is followed, before it returns, by the engine ending the run. */
    class EndingAfterRead extends RedisEventLog {
      override async read(runId: string, options?: { after?: number; limit?: number }): Promise<LoggedEvent[]> {
        const events = await super.read(runId, options);
        await this.append(runId, [completedEvent(runId)]);
        return events;
      }
    }
    const log = new EndingAfterRead(redis, connect);
    await log.append('between', [startedEvent('between'), stepEvent('between')]);
    expect(await follow(log, 'between', 0)).toEqual({ types: ['run.started', 'step.started', 'run.completed'], ended: true });
  });

  it('ends when the log it follows is removed (the ArkRun deleted)', async () => {
    const log = new RedisEventLog(redis, connect, {}, 100);
    await log.append('removed', [startedEvent('removed')]);
    const following = follow(log, 'removed', 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await redis.del(runLogKey('removed'));
    expect(await following).toEqual({ types: ['run.started'], ended: true });
  });

  it('keeps waiting, past its block time, for a log that does not exist yet', async () => {
    const log = new RedisEventLog(redis, connect, {}, 100);
    const following = follow(log, 'unborn', 0);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await log.append('unborn', [startedEvent('unborn'), completedEvent('unborn')]);
    expect(await following).toEqual({ types: ['run.started', 'run.completed'], ended: true });
  });

  it('finds the run start or end further back than one page', async () => {
    const log = new RedisEventLog(redis, connect);
    const steps = Array.from({ length: 1_200 }, () => stepEvent('deep'));
    await log.append('deep', [startedEvent('deep'), ...steps]);
    expect(await log.ended('deep')).toBe(false);
    const live = follow(log, 'deep', await log.lastSeq('deep'));
    await log.append('deep', [completedEvent('deep'), ...Array.from({ length: 700 }, () => failedTask('deep'))]);
    expect(await live).toEqual({ types: ['run.completed'], ended: true });
    expect(await log.ended('deep')).toBe(true);
    expect(await follow(log, 'deep', await log.lastSeq('deep'))).toEqual({ types: [], ended: true });
  });
});
