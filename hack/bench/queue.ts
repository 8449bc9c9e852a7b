// `npm run bench queue`: the Redis task queue end to end (submit → consumer → agent loop
// with the zero-delay mock provider → result back at the submitter), against three
// baselines on the same redis-server with the same handler and concurrency: BullMQ, a
// bare XADD/XREADGROUP/XACK loop (the floor: no idempotency, retries or results), and the
// memory queue. Then submit→start latency at a fixed 1,000 tasks/s, ours and the bare
// loop's (what the machine allows at all). As in production the consumer runs in a process
// of its own (queue-consumer.ts) for ours, BullMQ and the bare loop alike, and the
// submitter here; the memory queue lives in one process by nature. Every Redis contender
// runs twice and the second run counts, so none is measured on code the JIT has not seen.
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
  const subscription = memory.consume('bench.memory', (t, delivery) => handler(t, delivery.signal), { concurrency: CONCURRENCY });
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

/** Calls `send` once per 1/RATE s for RATE_SECONDS, paced by the clock; → how many were sent. */
async function paced(send: () => void): Promise<number> {
  const total = RATE_PER_S * RATE_SECONDS;
  const start = performance.now();
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE_PER_S) + 1);
    for (; sent < due; sent++) send();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return total;
}

/** Submit→start latency (ms) through our queue at a fixed rate, measured by the consumer. */
async function startLatency(url: string, submitter: TaskQueue): Promise<number[]> {
  const queue = `bench.latency.${Date.now()}`;
  const consumer = await startConsumer({ kind: 'ours', url, queue });
  const results: Promise<TaskOutcome>[] = [];
  await paced(() => {
    const t = benchTask(queue, true);
    results.push(submitter.result(queue, t.id, new AbortController().signal));
    void submitter.enqueue(queue, t);
  });
  await Promise.all(results);
  return consumer.stop();
}

/**
 * The same pacing and handler through the bare loop: the latency this machine and
 * redis-server allow at all (an XADD, a blocked XREADGROUP woken, two processes' event loops).
 */
async function bareLatency(url: string): Promise<number[]> {
  const producer = new Redis(url, { enableAutoPipelining: true });
  const stream = `bare-latency-${Date.now()}`;
  await producer.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
  const consumer = await startConsumer({ kind: 'bare', url, queue: stream, expected: RATE_PER_S * RATE_SECONDS });
  await paced(() => void producer.xadd(stream, '*', 'task', JSON.stringify(benchTask(stream, true))));
  await consumer.done;
  const latencies = await consumer.stop();
  await producer.quit();
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** "p50 … ms, p90 … ms, p99 … ms (n of N over 2 ms), max … ms" of submit→start latencies. */
function latencySummary(latencies: number[]): string {
  const [p50, p90, p99] = [50, 90, 99].map((p) => percentile(latencies, p).toFixed(2));
  const over = latencies.filter((ms) => ms > 2).length;
  return `p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms (${over} of ${latencies.length} over 2 ms), max ${Math.max(...latencies).toFixed(2)} ms`;
}

function report(figures: { ours: number; bull: number; bare: number; memory: number }, latency: { ours: number[]; bare: number[] }): void {
  const fmt = (n: number): string => n.toFixed(0).padStart(8);
  console.log(`queue end to end: ${TASKS} tasks, concurrency ${CONCURRENCY}, zero-delay mock agent loop, one redis-server, consumers in their own process`);
  console.log(`  redis queue (ours)        ${fmt(figures.ours)} tasks/s`);
  console.log(`  BullMQ                    ${fmt(figures.bull)} tasks/s   ours / BullMQ    = ${(figures.ours / figures.bull).toFixed(2)}× (target ≥ 1.5×)`);
  console.log(`  bare XADD/XREADGROUP/XACK ${fmt(figures.bare)} tasks/s   ours / bare loop = ${(figures.ours / figures.bare).toFixed(2)}× (target ≥ 0.5×)`);
  console.log(`  memory queue (one process)${fmt(figures.memory)} tasks/s`);
  console.log(`submit→start at ${RATE_PER_S} tasks/s for ${RATE_SECONDS} s (target p99 ≤ 2 ms):`);
  console.log(`  redis queue (ours)        ${latencySummary(latency.ours)}`);
  console.log(`  bare loop (the floor)     ${latencySummary(latency.bare)}`);
}

async function benchQueue(): Promise<void> {
  const redis = await startBenchRedis();
  try {
    const submitter = new RedisQueue({ url: redis.url });
    // Each contender runs once first, so every figure is of code the JIT has seen.
    await oursThroughput(redis.url, submitter, 'warmup');
    const ours = await oursThroughput(redis.url, submitter, 'redis');
    await bullThroughput(redis.url);
    const bull = await bullThroughput(redis.url);
    await bareThroughput(redis.url);
    const bare = await bareThroughput(redis.url);
    const memory = await memoryThroughput();
    const latency = { ours: await startLatency(redis.url, submitter), bare: await bareLatency(redis.url) };
    await submitter.close();
    report({ ours, bull, bare, memory }, latency);
  } finally {
    await redis.stop();
  }
}

await benchQueue();
