// Routing over the readiness registry with real `ark runtime` processes: tasks go only to
// ready, live pods, and tasks routed to a pod that dies come back to the shared queue.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { ROUTING_STRATEGIES } from '../../src/api/index.js';
import { systemClock } from '../../src/engine/clock.js';
import type { AgentTask } from '../../src/engine/ports.js';
import { podQueue } from '../../src/queue/names.js';
import { ReadinessRegistry } from '../../src/queue/readiness.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { Router } from '../../src/queue/router.js';
import { RedisEventLog } from '../../src/store/redis-event-log.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

let server: RedisServer;
let redis: Redis;
let dir: string;
const started: RuntimeProcess[] = [];
const never = new AbortController().signal;

beforeAll(async () => {
  server = await startRedis();
  redis = connectRedis(server.url, { logger: silentLogger, role: 'test' });
  dir = await mkdtemp(join(tmpdir(), 'arkonis-routing-'));
  await writeFile(join(dir, 'mock.yaml'), ['responses:', '  - match: "Can you write?"', '    verdict: true', '    reply: INVALID'].join('\n'));
});
afterAll(async () => {
  await Promise.all(started.map((runtime) => runtime.stop()));
  await closeRedis(redis);
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function pod(queue: string, name: string, spec: Record<string, unknown> = {}, extra: Record<string, string> = {}): Promise<RuntimeProcess> {
  const runtime = await startRuntime({
    TASK_QUEUE_URL: server.url, AGENT_NAME: 'router', AGENT_QUEUE: queue, POD_NAME: name, MOCK_RESPONSES: join(dir, 'mock.yaml'),
    VISIBILITY_TIMEOUT_MS: '60000', AGENT_SPEC: JSON.stringify({ model: 'mock', systemPrompt: 'route me', ...spec }), ...extra,
  });
  started.push(runtime);
  return runtime;
}

let counter = 0;
function task(runId: string): AgentTask {
  counter++;
  return { id: `${runId}/s/${counter}.1`, runId, step: 's', role: 'router', kind: 'step', prompt: `task ${counter}`, inputs: {} };
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function workers(runId: string): Promise<string[]> {
  const log = await new RedisEventLog(redis, () => redis).read(runId);
  return log.flatMap((event) => (event.type === 'task.started' ? [event.worker] : []));
}

describe('routing over the readiness registry', () => {
  it('never routes to a pod that is not ready or dead, with any strategy', async () => {
    const registry = new ReadinessRegistry(redis);
    await pod('rt.ready', 'ready-pod');
    await pod('rt.ready', 'unready-pod', { livenessProbe: { type: 'semantic', validatorPrompt: 'Can you write?' } });
    await registry.beat('rt.ready', { pod: 'dead-pod', ready: true, active: 0, expiresAt: Date.now() - 1 });
    await until('both pods to report', async () => (await registry.pods('rt.ready')).filter((state) => state.pod !== 'dead-pod').length === 2);
    expect((await registry.pods('rt.ready')).find((state) => state.pod === 'unready-pod')).toMatchObject({ ready: false });
    const queue = new RedisQueue({ url: server.url });
    for (const strategy of ROUTING_STRATEGIES) {
      const router = new Router(queue, registry, strategy, systemClock);
      const runId = `run-${strategy}`;
      const tasks = Array.from({ length: 10 }, () => task(runId));
      const results = tasks.map((t) => queue.result('rt.ready', t.id, never));
      const targets = await Promise.all(tasks.map((t) => router.enqueue('rt.ready', t)));
      expect(new Set(targets)).toEqual(new Set([podQueue('rt.ready', 'ready-pod')]));
      await Promise.all(results);
      expect(new Set(await workers(runId))).toEqual(new Set(['ready-pod']));
    }
    await queue.close();
  });

  it('returns the tasks routed to a pod that died to the shared queue, where another pod runs them', async () => {
    const registry = new ReadinessRegistry(redis);
    const doomed = await pod('rt.dies', 'doomed-pod', { limits: { maxConcurrentTasks: 1 } }, { MOCK_DELAY_MS: '60000' });
    await until('the doomed pod to report', async () => (await registry.pods('rt.dies')).length === 1);
    const queue = new RedisQueue({ url: server.url });
    const router = new Router(queue, registry, 'round-robin', systemClock);
    const tasks = Array.from({ length: 3 }, () => task('run-dies'));
    const results = tasks.map((t) => queue.result('rt.dies', t.id, never));
    for (const t of tasks) expect(await router.enqueue('rt.dies', t)).toBe(podQueue('rt.dies', 'doomed-pod'));
    await until('the doomed pod to start one', async () => (await workers('run-dies')).length === 1);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await pod('rt.dies', 'survivor-pod');
    const outcomes = await Promise.all(results);
    expect(outcomes).toHaveLength(3);
    expect((await workers('run-dies')).filter((worker) => worker === 'survivor-pod')).toHaveLength(3);
    await queue.close();
  });
});
