// The Redis Streams adapter of the TaskQueue port (types.ts), for the cluster. Each queue
// is a stream read by one consumer group (every runtime of the agent a consumer named
// after its pod); a `live` hash makes enqueue idempotent and bounds the pending tasks; a
// dead-letter stream keeps tasks that failed every delivery and malformed entries. A
// result is a key in the queue's slot, written by the script that acknowledges the entry;
// any process that knows the queue reads it (redis-results.ts), so an operator that
// restarted re-attaches to its tasks by queue and id. Acknowledged entries are deleted, so
// a stream holds only tasks not yet finished. Connections: one for commands, one
// subscriber, and one blocking connection per consumer.
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../engine/clock.js';
import { TaskError, type AgentTask, type TaskOutcome } from '../engine/ports.js';
import { silentLogger, type Logger } from '../telemetry/types.js';
import { CONSUMER_GROUP, queueKeys } from './names.js';
import { closeRedis, connectRedis } from './redis-connection.js';
import { RedisResults } from './redis-results.js';
import type { Settled } from './result-book.js';
import { QueueScripts } from './redis-scripts.js';
import { RedisWorker } from './redis-worker.js';
import {
  QUEUE_DEFAULTS, QueueFullError, type DeadLetter, type QueueOptions, type Subscription, type TaskHandler,
  type TaskQueue, type WorkerOptions,
} from './types.js';
import { encodeTask, fieldMap } from './wire.js';

export interface RedisQueueOptions extends QueueOptions {
  /** redis://host:port (TASK_QUEUE_URL). */
  url: string;
  /** Where reconnection attempts are logged. */
  logger?: Logger;
}

export interface RedisSubscription extends Subscription {
  /** Stops the consumer as a killed process would (for tests of reclaiming). */
  crash(): void;
}

export class RedisQueue implements TaskQueue {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly scripts: QueueScripts;
  private readonly results: RedisResults;
  private readonly options: Required<Omit<QueueOptions, 'clock'>>;
  private readonly clock: Clock;
  private readonly groups = new Map<string, Promise<void>>();
  private readonly workers = new Set<{ worker: RedisWorker; blocking: Redis }>();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly settings: RedisQueueOptions) {
    const { clock, url: _url, logger: _logger, ...rest } = settings;
    this.options = { ...QUEUE_DEFAULTS, ...rest };
    this.clock = clock ?? systemClock;
    this.redis = this.connect('queue', true);
    this.subscriber = this.connect('queue-events');
    this.scripts = new QueueScripts(this.redis, this.options.resultTtlMs, this.options.pendingLimit);
    this.results = new RedisResults(this.redis, this.subscriber, (taskId) => this.abortRunning(taskId));
  }

  /** A live id, or one with a result, is a no-op in the script. */
  async enqueue(queue: string, task: AgentTask): Promise<void> {
    const payload = encodeTask(task);
    const adding = this.ensureGroup(queue).then(() => this.scripts.enqueue(queue, task.id, payload));
    // Settles either way, so a refused enqueue leaves no unhandled rejection behind.
    this.results.enqueuing(queue, task.id, adding.then((added) => added === 'added', () => false));
    const added = await adding;
    if (added === 'full') throw new QueueFullError(queue, this.options.pendingLimit);
  }

  consume(queue: string, handler: TaskHandler, options: WorkerOptions): RedisSubscription {
    const blocking = this.connect(`consumer ${options.consumer ?? ''}`.trim());
    const worker = new RedisWorker({
      queue, redis: this.redis, blocking, scripts: this.scripts, clock: this.clock,
      visibilityTimeoutMs: this.options.visibilityTimeoutMs, maxDeliveries: this.options.maxDeliveries,
      running: this.running, ensureGroup: (name, again) => this.ensureGroup(name, again),
    }, handler, options);
    const held = { worker, blocking };
    this.workers.add(held);
    const forget = (): void => { this.workers.delete(held); void closeRedis(blocking); };
    return {
      close: (closing) => worker.close(closing?.graceMs).finally(forget),
      crash: () => { worker.crash(); forget(); },
    };
  }

  result(queue: string, taskId: string, signal: AbortSignal): Promise<TaskOutcome> {
    return this.results.wait(queue, taskId, signal);
  }

  peek(queue: string, taskId: string): Promise<Settled | undefined> {
    return this.results.peek(queue, taskId);
  }

  /**
   * Records the cancellation as the result and withdraws the task's entry in one script,
   * then tells every process to abort the task if it runs it.
   */
  async cancel(queue: string, taskId: string): Promise<void> {
    await this.scripts.cancel(queue, taskId, { ok: false, error: new TaskError(`task ${taskId} cancelled`) });
    this.abortRunning(taskId);
    await this.results.announceCancel(taskId);
  }

  async deadLetters(queue: string): Promise<DeadLetter[]> {
    const entries = await this.redis.xrange(queueKeys(queue).dead, '-', '+');
    return entries.map(([, fields]) => {
      const map = fieldMap(fields);
      return { taskId: map.get('id') ?? '', queue, deliveries: Number(map.get('deliveries') ?? 0), reason: map.get('reason') ?? '' };
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map(({ worker, blocking }) => worker.close(0).finally(() => closeRedis(blocking))));
    this.workers.clear();
    this.results.close();
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.redis)]);
  }

  /** Creates the queue's consumer group (from the stream's start) once per process, or again after NOGROUP. */
  private ensureGroup(queue: string, again = false): Promise<void> {
    let created = again ? undefined : this.groups.get(queue);
    if (!created) {
      created = this.redis.xgroup('CREATE', queueKeys(queue).stream, CONSUMER_GROUP, '0', 'MKSTREAM').then(
        () => undefined,
        (error: Error) => {
          if (/BUSYGROUP/.test(error.message)) return;
          this.groups.delete(queue);
          throw error;
        },
      );
      this.groups.set(queue, created);
    }
    return created;
  }

  private abortRunning(taskId: string): void {
    this.running.get(taskId)?.abort(new TaskError(`task ${taskId} cancelled`));
  }

  private connect(role: string, pipelined = false): Redis {
    return connectRedis(this.settings.url, { logger: this.settings.logger ?? silentLogger, role, pipelined });
  }
}
