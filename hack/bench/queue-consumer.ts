// The runtime side of `npm run bench queue`, in a process of its own as in production
// (started by queue.ts with fork(); the job is argv[2] as JSON): our Redis queue's consumer,
// a BullMQ worker, or the bare XREADGROUP/XACK loop, each running the same agent handler at
// the same concurrency. It says `ready` once consuming, `done` when the bare loop acknowledged
// every expected task, and on `stop` closes and sends the submit→start latencies it measured.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AgentTask } from '../../src/engine/ports.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { agentHandler, CONCURRENCY, sinceSubmitted, type ConsumerJob, type ConsumerMessage, type Handler } from './queue-agent.js';

type Stop = () => Promise<void>;

const job = JSON.parse(process.argv[2] ?? '{}') as ConsumerJob;
const latencies: number[] = [];
const send = (message: ConsumerMessage): void => void process.send?.(message);

async function measured(): Promise<Handler> {
  const handler = await agentHandler();
  return (task, signal) => {
    const waited = sinceSubmitted(task);
    if (waited !== undefined) latencies.push(waited);
    return handler(task, signal);
  };
}

async function consumeOurs(handler: Handler): Promise<Stop> {
  const queue = new RedisQueue({ url: job.url });
  const subscription = queue.consume(job.queue, (task, delivery) => handler(task, delivery.signal), { concurrency: CONCURRENCY, consumer: 'bench' });
  return async () => { await subscription.close(); await queue.close(); };
}

async function consumeBull(handler: Handler): Promise<Stop> {
  const connection = new Redis(job.url, { maxRetriesPerRequest: null });
  const worker = new Worker(job.queue, (bullJob, _token, signal) => handler(bullJob.data as AgentTask, signal), { connection, concurrency: CONCURRENCY });
  await worker.waitUntilReady();
  return async () => { await worker.close(); await connection.quit(); };
}

/** The floor: XREADGROUP (COUNT = free slots), run, XACK; no results, retries or idempotency. */
async function consumeBare(handler: Handler): Promise<Stop> {
  const reader = new Redis(job.url);
  const acker = new Redis(job.url, { enableAutoPipelining: true });
  let stopped = false;
  let active = 0;
  let completed = 0;
  let wake: (() => void) | undefined;
  const finished = async (id: string): Promise<void> => {
    await acker.xack(job.queue, 'g', id);
    active--;
    wake?.();
    wake = undefined;
    if (++completed === job.expected) send({ type: 'done' });
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      if (active >= CONCURRENCY) { await new Promise<void>((resolve) => (wake = resolve)); continue; }
      const reply = (await reader.xreadgroup('GROUP', 'g', 'c', 'COUNT', CONCURRENCY - active, 'BLOCK', 1_000, 'STREAMS', job.queue, '>')) as [string, [string, string[]][]][] | null;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        active++;
        void handler(JSON.parse(fields[1]!) as AgentTask).then(() => finished(id));
      }
    }
  };
  const looping = loop();
  return async () => { stopped = true; await looping; await Promise.all([reader.quit(), acker.quit()]); };
}

const CONSUMERS: Record<ConsumerJob['kind'], (handler: Handler) => Promise<Stop>> = { ours: consumeOurs, bull: consumeBull, bare: consumeBare };

const stop = await CONSUMERS[job.kind](await measured());
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stop') return;
  void stop().then(() => { send({ type: 'stopped', latencies }); process.disconnect(); });
});
send({ type: 'ready' });
