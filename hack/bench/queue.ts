// `npm run bench queue`: the Redis task queue end to end (submit → consumer → agent loop
// with the zero-delay mock provider → result back at the submitter), against three
// baselines on the same redis-server with the same handler and concurrency: BullMQ, a
// bare XADD/XREADGROUP/XACK loop (the floor: no idempotency, retries or results), and the
// memory queue. Then submit→start latency at a fixed 1,000 tasks/s. Figures, not
// assertions: the machines are shared, so compare the ratios of one run.
import { performance } from 'node:perf_hooks';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from '../../src/engine/clock.js';
import { discardEvents } from '../../src/engine/events.js';
import type { AgentTask, TaskOutcome } from '../../src/engine/ports.js';
import { createProvider } from '../../src/providers/index.js';
import { MemoryQueue } from '../../src/queue/memory.js';
import { RedisQueue } from '../../src/queue/redis.js';
import type { TaskQueue } from '../../src/queue/types.js';
import { runAgentTask, type AgentConfig } from '../../src/runtime/agent-loop.js';
import { startBenchRedis } from './redis-server.js';

const TASKS = 10_000;
const CONCURRENCY = 50;
const RATE_PER_S = 1_000;
const RATE_SECONDS = 5;

type Handler = (task: AgentTask) => Promise<TaskOutcome>;

async function agentHandler(): Promise<Handler> {
  const agent: AgentConfig = {
    name: 'bench', model: 'mock', provider: await createProvider('mock', {}), systemPrompt: 'You summarise.', tools: [],
    maxTokensPerCall: 100, timeoutSeconds: 60, maxToolTurns: 1,
  };
  const context = { events: discardEvents, clock: systemClock, worker: 'bench' };
  return (task) => runAgentTask(agent, task, new AbortController().signal, context);
}

let sequence = 0;
function task(prefix: string): AgentTask {
  const id = `${prefix}/${++sequence}`;
  return { id, runId: prefix, step: 's', role: 'r', kind: 'step', prompt: `summarise item ${sequence}`, inputs: {} };
}

/** Tasks/s through a TaskQueue adapter: submit all, wait for every result at the submitter. */
async function portThroughput(submitter: TaskQueue, worker: TaskQueue, handler: Handler, label: string): Promise<number> {
  const queue = `bench.${label}.${Date.now()}`;
  const subscription = worker.consume(queue, (t) => handler(t), { concurrency: CONCURRENCY, consumer: 'bench' });
  const tasks = Array.from({ length: TASKS }, () => task(queue));
  const start = performance.now();
  // One signal per wait, as the dispatcher does (a shared one would collect 10,000 listeners).
  const results = tasks.map((t) => submitter.result(t.id, new AbortController().signal));
  await Promise.all(tasks.map((t) => submitter.enqueue(queue, t)));
  await Promise.all(results);
  const seconds = (performance.now() - start) / 1000;
  await subscription.close();
  return TASKS / seconds;
}

async function bullThroughput(url: string, handler: Handler): Promise<number> {
  const connections = [0, 1, 2].map(() => new Redis(url, { maxRetriesPerRequest: null }));
  const name = `bench-${Date.now()}`;
  const queue = new Queue(name, { connection: connections[0]! });
  const events = new QueueEvents(name, { connection: connections[1]! });
  await events.waitUntilReady();
  const worker = new Worker(name, (job) => handler(job.data as AgentTask), { connection: connections[2]!, concurrency: CONCURRENCY });
  await worker.waitUntilReady();
  let completed = 0;
  const done = new Promise<void>((resolve) => events.on('completed', () => { if (++completed === TASKS) resolve(); }));
  const tasks = Array.from({ length: TASKS }, () => task(name));
  const start = performance.now();
  await Promise.all(tasks.map((t) => queue.add('task', t, { jobId: t.id.replace(/\//g, '_'), removeOnComplete: true })));
  await done;
  const seconds = (performance.now() - start) / 1000;
  await worker.close();
  await events.close();
  await queue.close();
  await Promise.all(connections.map((connection) => connection.quit()));
  return TASKS / seconds;
}

/** The floor: XADD, XREADGROUP (COUNT = free slots), run, XACK; no results, no retries, no idempotency. */
async function bareThroughput(url: string, handler: Handler): Promise<number> {
  const producer = new Redis(url, { enableAutoPipelining: true });
  const reader = new Redis(url);
  const acker = new Redis(url, { enableAutoPipelining: true });
  const stream = `bare-${Date.now()}`;
  await producer.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
  let completed = 0;
  let active = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let wake: (() => void) | undefined;
  const consume = async (): Promise<void> => {
    while (completed < TASKS) {
      if (active >= CONCURRENCY) { await new Promise<void>((resolve) => (wake = resolve)); continue; }
      const reply = (await reader.xreadgroup('GROUP', 'g', 'c', 'COUNT', CONCURRENCY - active, 'BLOCK', 1_000, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        active++;
        void handler(JSON.parse(fields[1]!) as AgentTask).then(() => acker.xack(stream, 'g', id)).then(() => {
          active--;
          wake?.();
          wake = undefined;
          if (++completed === TASKS) finish();
        });
      }
    }
  };
  const tasks = Array.from({ length: TASKS }, () => task(stream));
  const start = performance.now();
  const consuming = consume();
  await Promise.all(tasks.map((t) => producer.xadd(stream, '*', 'task', JSON.stringify(t))));
  await done;
  const seconds = (performance.now() - start) / 1000;
  await consuming;
  await Promise.all([producer.quit(), reader.quit(), acker.quit()]);
  return TASKS / seconds;
}

/** Submit→start latency (ms) at a fixed rate: one task per 1/RATE s, paced by the clock. */
async function startLatency(submitter: TaskQueue, worker: TaskQueue, handler: Handler): Promise<number[]> {
  const queue = `bench.latency.${Date.now()}`;
  const submitted = new Map<string, number>();
  const latencies: number[] = [];
  const subscription = worker.consume(queue, (t) => {
    latencies.push(performance.now() - submitted.get(t.id)!);
    return handler(t);
  }, { concurrency: CONCURRENCY, consumer: 'bench' });
  const total = RATE_PER_S * RATE_SECONDS;
  const results: Promise<TaskOutcome>[] = [];
  const start = performance.now();
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE_PER_S) + 1);
    for (; sent < due; sent++) {
      const t = task(queue);
      results.push(submitter.result(t.id, new AbortController().signal));
      submitted.set(t.id, performance.now());
      void submitter.enqueue(queue, t);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(results);
  await subscription.close();
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchQueue(): Promise<void> {
  const redis = await startBenchRedis();
  try {
    const handler = await agentHandler();
    const submitter = new RedisQueue({ url: redis.url });
    const worker = new RedisQueue({ url: redis.url });
    const memory = new MemoryQueue();
    await portThroughput(submitter, worker, handler, 'warmup');
    const ours = await portThroughput(submitter, worker, handler, 'redis');
    const bull = await bullThroughput(redis.url, handler);
    const bare = await bareThroughput(redis.url, handler);
    const inMemory = await portThroughput(memory, memory, handler, 'memory');
    const latencies = await startLatency(submitter, worker, handler);
    await Promise.all([submitter.close(), worker.close(), memory.close()]);
    const fmt = (n: number): string => n.toFixed(0).padStart(8);
    console.log(`queue end to end: ${TASKS} tasks, concurrency ${CONCURRENCY}, zero-delay mock agent loop, one redis-server`);
    console.log(`  redis queue (ours)  ${fmt(ours)} tasks/s`);
    console.log(`  BullMQ              ${fmt(bull)} tasks/s   ours / BullMQ    = ${(ours / bull).toFixed(2)}× (target ≥ 1.5×)`);
    console.log(`  bare XADD/XREADGROUP/XACK ${fmt(bare)} tasks/s   ours / bare loop = ${(ours / bare).toFixed(2)}× (target ≥ 0.5×)`);
    console.log(`  memory queue        ${fmt(inMemory)} tasks/s`);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const p90 = percentile(latencies, 90);
    const over = latencies.filter((ms) => ms > 2).length;
    console.log(`submit→start at ${RATE_PER_S} tasks/s for ${RATE_SECONDS} s: p50 ${p50.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (${over} of ${latencies.length} over 2 ms), max ${Math.max(...latencies).toFixed(2)} ms (target p99 ≤ 2 ms)`);
  } finally {
    await redis.stop();
  }
}

await benchQueue();
