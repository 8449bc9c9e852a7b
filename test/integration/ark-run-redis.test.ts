// `ark run` with TASK_QUEUE_URL: the team's tasks travel through Redis streams to
// in-process workers, the path the cluster uses; the results match the in-memory run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ark } from '../../src/cli/testing.js';
import { queueKeys, teamRoleQueue } from '../../src/queue/names.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server.stop(); });

describe('ark run through Redis', () => {
  it.each(['examples/quickstart.yaml', 'examples/diamond-dag.yaml', 'examples/dynamic-delegation.yaml'])('runs %s with the same output as in memory', async (file) => {
    const extra = file.includes('delegation') ? ['--mock-responses', 'examples/mock/dynamic-delegation.mock.yaml'] : file.includes('diamond') ? ['-i', 'product=a kettle'] : [];
    const inMemory = await ark(['run', file, '--provider', 'mock', '-o', 'json', ...extra]);
    const viaRedis = await ark(['run', file, '--provider', 'mock', '-o', 'json', ...extra], { TASK_QUEUE_URL: server.url });
    expect(viaRedis.stderr).toBe('');
    expect(viaRedis.code).toBe(inMemory.code);
    expect(withoutTimes(viaRedis.stdout)).toEqual(withoutTimes(inMemory.stdout));
  });

  it('went through the team\'s role streams, and left each drained', async () => {
    const redis = connectRedis(server.url, { logger: silentLogger, role: 'test' });
    const streams = await redis.keys('*:tasks');
    expect(streams).toEqual(expect.arrayContaining([queueKeys(teamRoleQueue('default', 'quickstart', 'writer')).stream]));
    for (const stream of streams) expect(await redis.xlen(stream)).toBe(0);
    await closeRedis(redis);
  });
});

/** The JSON report without what differs from run to run (its id and timings). */
function withoutTimes(text: string): unknown {
  const { run: _run, duration_ms: _ms, steps, ...rest } = JSON.parse(text) as Record<string, unknown> & { steps?: Record<string, unknown>[] };
  return { ...rest, steps: steps?.map(({ duration_ms: _step, ...step }) => step) };
}
