// Proves the integration tier's plumbing: a real redis-server per suite, reachable and isolated.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { sleep } from '../../hack/kube-env/processes.js';
import { redisCommand, startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';

describe('integration tier: real redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('answers PING on its own loopback port', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisCommand(redis.port, 'PING')).toBe('PONG');
  });

  it('stores and reads back a value, and supports streams', async () => {
    await redisCommand(redis.port, 'SET', 'smoke:key', 'hello');
    expect(await redisCommand(redis.port, 'GET', 'smoke:key')).toBe('hello');
    expect(await redisCommand(redis.port, 'GET', 'smoke:missing')).toBeNull();
    const id = await redisCommand(redis.port, 'XADD', 'smoke:stream', '*', 'task', 't1');
    expect(id).toMatch(/^\d+-\d+$/);
    expect(await redisCommand(redis.port, 'XLEN', 'smoke:stream')).toBe('1');
  });
});

describe('integration tier: redis-server helper', () => {
  it('stops a server that a signal has already killed', async () => {
    const redis = await startRedis();
    const info = (await redisCommand(redis.port, 'INFO', 'server')) ?? '';
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await waitFor('redis-server to be reaped', async () => !existsSync(`/proc/${pid}`), 5_000);
    await sleep(100); // let the child's 'exit' event run first
    await redis.stop(); // used to wait forever: exitCode stays null when a signal ends the process
  });
});
