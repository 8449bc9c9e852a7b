// The run controller's driver against a real redis-server: a team runs through the Redis
// queue to a consumer playing the agents, its status is projected from what the engine
// saves, and a run interrupted mid-way resumes from the Redis run store without running a
// finished step again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArkRunStatus, ArkTeamSpec } from '../../src/api/index.js';
import { arkTeamSpec } from '../../src/api/index.js';
import { driveRun, queueOfRole } from '../../src/controller/runs/driver.js';
import { systemClock } from '../../src/engine/clock.js';
import { discardEvents } from '../../src/engine/events.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { RedisRunStore } from '../../src/store/redis-run-store.js';
import { deleteRunState } from '../../src/store/redis-run-cleanup.js';
import { silentLogger, silentTelemetry } from '../../src/telemetry/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server.stop(); });

const team: ArkTeamSpec = arkTeamSpec.parse({
  roles: [{ name: 'a', arkAgent: 'worker' }, { name: 'b', arkAgent: 'worker' }],
  pipeline: [{ role: 'a' }, { role: 'b', dependsOn: ['a'], inputs: { prompt: 'after {{ .steps.a.output }}' } }],
});
const spec = { teamName: 't', team, input: { prompt: 'go' } };

describe('run driver over Redis', () => {
  it('runs, projects status, and resumes an interrupted run without re-running a finished step', async () => {
    const queue = new RedisQueue({ url: server.url });
    const redis = connectRedis(server.url, { logger: silentLogger, role: 'test' });
    const store = new RedisRunStore(redis);
    const ran: string[] = [];
    let holdB = true;
    const sub = queue.consume(queueOfRole('ns', spec)('a'), async (task) => {
      ran.push(task.id);
      while (task.step === 'b' && holdB) await new Promise((resolve) => setTimeout(resolve, 20));
      return { output: `out of ${task.step}`, usage: { input: 1, output: 1, total: 2 } };
    }, { concurrency: 4 });
    const statuses: ArkRunStatus[] = [];
    const deps = { queue, store, events: discardEvents, clock: systemClock, telemetry: silentTelemetry(), status: (s: ArkRunStatus) => statuses.push(s), observe: () => undefined, teams: async () => undefined };
    // First driver: stops waiting while b runs (an operator that died), without cancelling.
    const first = driveRun(deps, { runId: 'ns.r1', namespace: 'ns', spec, signal: new AbortController().signal, extra: () => ({}) });
    while (!ran.some((id) => id.includes('/b/'))) await new Promise((resolve) => setTimeout(resolve, 20));
    void first;
    const secondStatuses: ArkRunStatus[] = [];
    const second = driveRun({ ...deps, status: (s) => secondStatuses.push(s) }, { runId: 'ns.r1', namespace: 'ns', spec, signal: new AbortController().signal, extra: () => ({ observedRetry: 'x' }) });
    holdB = false;
    const result = await second;
    expect(result.phase).toBe('Succeeded');
    expect(ran).toEqual(['ns.r1/a/1.1', 'ns.r1/b/1.1']);
    const final = secondStatuses.at(-1)!;
    expect(final).toMatchObject({ phase: 'Succeeded', observedRetry: 'x', steps: [{ name: 'a', phase: 'Succeeded', output: 'out of a' }, { name: 'b', phase: 'Succeeded' }] });
    expect(statuses.length).toBeGreaterThan(0);
    expect(await deleteRunState(redis, 'ns.r1', queueOfRole('ns', spec))).toBeGreaterThan(2);
    expect(await queue.peek(queueOfRole('ns', spec)('a'), 'ns.r1/a/1.1')).toBeUndefined();
    expect(await store.load('ns.r1')).toBeUndefined();
    await sub.close();
    await queue.close();
    await closeRedis(redis);
  });

  it('runs an arkTeam role as a nested run of the other team, over the same queue', async () => {
    const queue = new RedisQueue({ url: server.url });
    const redis = connectRedis(server.url, { logger: silentLogger, role: 'test' });
    const inner = arkTeamSpec.parse({ roles: [{ name: 'w', arkAgent: 'worker' }], pipeline: [{ role: 'w', inputs: { prompt: 'inner: {{ .input.prompt }}' } }] });
    const outer = arkTeamSpec.parse({ roles: [{ name: 'sub', arkTeam: 'inner' }], pipeline: [{ role: 'sub', inputs: { prompt: 'hello' } }] });
    const sub = queue.consume('ns.worker', async (task) => ({ output: `did ${task.prompt}`, usage: { input: 1, output: 1, total: 2 } }), { concurrency: 2 });
    const result = await driveRun({
      queue, store: new RedisRunStore(redis), events: discardEvents, clock: systemClock, telemetry: silentTelemetry(), status: () => undefined,
      observe: () => undefined, teams: async (_ns, name) => (name === 'inner' ? inner : undefined),
    }, { runId: 'ns.r2', namespace: 'ns', spec: { teamName: 'outer', team: outer, input: {} }, signal: new AbortController().signal, extra: () => ({}) });
    expect(result.phase, result.message).toBe('Succeeded');
    expect(result.output).toBe('did inner: hello');
    await sub.close();
    await queue.close();
    await closeRedis(redis);
  });
});
