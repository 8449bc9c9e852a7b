// Proves the integration tier's plumbing: a real redis-server per suite, reachable and isolated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
