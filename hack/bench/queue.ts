// `npm run bench queue`: the Redis task queue end to end (submit → consumer → agent loop
// with the zero-delay mock provider → result back at the submitter), against three
// baselines on the same redis-server with the same handler and concurrency: BullMQ, a
// bare XADD/XREADGROUP/XACK loop (the floor: no idempotency, retries or results), and the
// memory queue. Then submit→start latency at a fixed 1,000 tasks/s. As in production the
// consumer runs in a process of its own (queue-consumer.ts) for ours, BullMQ and the bare
// loop alike, and the submitter here; the memory queue lives in one process by nature.
// Figures, not assertions: the machines are shared, so compare the ratios of one run.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { TaskOutcome } from '../../src/engine/ports.js';
import { MemoryQueue } from '../../src/queue/memory.js';
import { RedisQueue } from '../../src/queue/redis.js';
import type { TaskQueue } from '../../src/queue/types.js';
import { agentHandler, benchTask, CONCURRENCY, TASKS, type ConsumerJob, type ConsumerMessage } from './queue-agent.js';
import { startBenchRedis } from './redis-server.js';

const RATE_PER_S = 1_000;
const RATE_SECONDS = 5;

interface Consumer {
  /** Resolves when the bare loop acknowledged every expected task. */
  done: Promise<void>;
  /** Closes the consumer; resolves with the submit→start latencies (ms) it measured. */
  stop(): Promise<number[]>;
}

/** Forks queue-consumer.ts for `job` and resolves once it consumes. */
async function startConsumer(job: ConsumerJob): Promise<Consumer> {
  const child = fork(new URL('./queue-consumer.js', import.meta.url), [JSON.stringify(job)], { stdio: 'inherit' });
  const next = (type: ConsumerMessage['type']): Promise<ConsumerMessage> => new Promise((resolve, reject) => {
    const onMessage = (message: ConsumerMessage): void => { if (message.type === type) { child.off('message', onMessage); resolve(message); } };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`bench consumer ${job.kind} exited with ${code} before "${type}"`)));
  });
  const done = next('done').then(() => undefined);
  done.catch(() => undefined);
  await next('ready');
  return {
    done,
    stop: async () => {
      const stopped = next('stopped');
      child.send({ type: 'stop' });
      return ((await stopped) as Extract<ConsumerMessage, { type: 'stopped' }>).latencies;
    },
  };
}

/** Tasks/s through our queue: submit all here, wait for every result here, consumed in a child. */
async function oursThroughput(url: string, submitter: TaskQueue, label: string): Promise<number> {
  const queue = `bench.${label}.${Date.now()}`;
  const consumer = await startConsumer({ kind: 'ours', url, queue });
  const seconds = await submitAll(submitter, queue);
  await consumer.stop();
  return TASKS / seconds;
}

/** Seconds from the first submission to the last result at the submitter. */
async function submitAll(submitter: TaskQueue, queue: string): Promise<number> {
  const tasks = Array.from({ length: TASKS }, () => benchTask(queue));
  const start = performance.now();
  // One signal per wait, as the dispatcher does (a shared one would collect 10,000 listeners).
  const results = tasks.map((t) => submitter.result(queue, t.id, new AbortController().signal));
  await Promise.all(tasks.map((t) => submitter.enqueue(queue, t)));
  await Promise.all(results);
  return (performance.now() - start) / 1000;
}

async function memoryThroughput(): Promise<number> {
  const memory = new MemoryQueue();
  const handler = await agentHandler();
  const subscription = memory.consume('bench.memory', (t) => handler(t), { concurrency: CONCURRENCY });
  const seconds = await submitAll(memory, 'bench.memory');
  await subscription.close();
  await memory.close();
  return TASKS / seconds;
}

async function bullThroughput(url: string): Promise<number> {
  const connections = [0, 1].map(() => new Redis(url, { maxRetriesPerRequest: null }));
  const name = `bench-${Date.now()}`;
  // Every job writes several events; a stream trimmed below that would lose `completed`
  // events before the QueueEvents reader sees them, and the count would never finish.
  const queue = new Queue(name, { connection: connections[0]!, streams: { events: { maxLen: TASKS * 5 } } });
  await queue.waitUntilReady();
  // From the stream's start (it is new): reading from '$' misses the events written before
  // the reader's first XREAD reached the server, and the count would never finish.
  const events = new QueueEvents(name, { connection: connections[1]!, lastEventId: '0-0' });
  await events.waitUntilReady();
  const consumer = await startConsumer({ kind: 'bull', url, queue: name });
  let completed = 0;
  const done = new Promise<void>((resolve) => events.on('completed', () => { if (++completed === TASKS) resolve(); }));
  const tasks = Array.from({ length: TASKS }, () => benchTask(name));
  const start = performance.now();
  await Promise.all(tasks.map((t) => queue.add('task', t, { jobId: t.id.replace(/\//g, '_'), removeOnComplete: true })));
  await done;
  const seconds = (performance.now() - start) / 1000;
  await consumer.stop();
  await events.close();
  await queue.close();
  await Promise.all(connections.map((connection) => connection.quit()));
  return TASKS / seconds;
}

/** The floor: XADD here; the child's XREADGROUP/run/XACK loop says when it acknowledged them all. */
async function bareThroughput(url: string): Promise<number> {
  const producer = new Redis(url, { enableAutoPipelining: true });
  const stream = `bare-${Date.now()}`;
  await producer.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
  const consumer = await startConsumer({ kind: 'bare', url, queue: stream, expected: TASKS });
  const tasks = Array.from({ length: TASKS }, () => benchTask(stream));
  const start = performance.now();
  await Promise.all(tasks.map((t) => producer.xadd(stream, '*', 'task', JSON.stringify(t))));
  await consumer.done;
  const seconds = (performance.now() - start) / 1000;
  await consumer.stop();
  await producer.quit();
  return TASKS / seconds;
}

/** Submit→start latency (ms) at a fixed rate: one task per 1/RATE s, paced by the clock; measured by the consumer. */
async function startLatency(url: string, submitter: TaskQueue): Promise<number[]> {
  const queue = `bench.latency.${Date.now()}`;
  const consumer = await startConsumer({ kind: 'ours', url, queue });
  const total = RATE_PER_S * RATE_SECONDS;
  const results: Promise<TaskOutcome>[] = [];
  const start = performance.now();
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE_PER_S) + 1);
    for (; sent < due; sent++) {
      const t = benchTask(queue, true);
      results.push(submitter.result(queue, t.id, new AbortController().signal));
      void submitter.enqueue(queue, t);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(results);
  return consumer.stop();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(figures: { ours: number; bull: number; bare: number; memory: number }, latencies: number[]): void {
  const fmt = (n: number): string => n.toFixed(0).padStart(8);
  console.log(`queue end to end: ${TASKS} tasks, concurrency ${CONCURRENCY}, zero-delay mock agent loop, one redis-server, consumers in their own process`);
  console.log(`  redis queue (ours)        ${fmt(figures.ours)} tasks/s`);
  console.log(`  BullMQ                    ${fmt(figures.bull)} tasks/s   ours / BullMQ    = ${(figures.ours / figures.bull).toFixed(2)}× (target ≥ 1.5×)`);
  console.log(`  bare XADD/XREADGROUP/XACK ${fmt(figures.bare)} tasks/s   ours / bare loop = ${(figures.ours / figures.bare).toFixed(2)}× (target ≥ 0.5×)`);
  console.log(`  memory queue (one process)${fmt(figures.memory)} tasks/s`);
  const [p50, p90, p99] = [50, 90, 99].map((p) => percentile(latencies, p).toFixed(2));
  const over = latencies.filter((ms) => ms > 2).length;
  console.log(`submit→start at ${RATE_PER_S} tasks/s for ${RATE_SECONDS} s: p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms (${over} of ${latencies.length} over 2 ms), max ${Math.max(...latencies).toFixed(2)} ms (target p99 ≤ 2 ms)`);
}

async function benchQueue(): Promise<void> {
  const redis = await startBenchRedis();
  try {
    const submitter = new RedisQueue({ url: redis.url });
    await oursThroughput(redis.url, submitter, 'warmup');
    const ours = await oursThroughput(redis.url, submitter, 'redis');
    const bull = await bullThroughput(redis.url);
    const bare = await bareThroughput(redis.url);
    const memory = await memoryThroughput();
    const latencies = await startLatency(redis.url, submitter);
    await submitter.close();
    report({ ours, bull, bare, memory }, latencies);
  } finally {
    await redis.stop();
  }
}

await benchQueue();
