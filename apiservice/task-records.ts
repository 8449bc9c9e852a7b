// What the aggregated API keeps of each task it accepted, so `GET namespaces/{ns}/tasks/{id}`
// can answer with the Task object (C3): its namespace (a task is visible only in its own),
// target, prompt and creation time. One Redis key per task, expiring with its result.
// Its timings come from what the queue writes: the claim time a runtime records for a task
// flagged `recordStart` (the CLAIM script in src/queue/redis-scripts.ts) and the result key
// in the slot of the task's queue, whose remaining lifetime tells when it was recorded
// (results live `resultTtlMs` from then on).
import type { Redis } from 'ioredis';
import { resultKey, taskClaimKey, taskRecordKey } from '../src/queue/names.js';

export interface TaskRecord {
  namespace: string;
  /** `arkagents/<name>` or `arkservices/<name>`. */
  target: string;
  prompt: string;
  /** Epoch ms. */
  created: number;
  /** The queue it was enqueued on. */
  queue: string;
}

/** Epoch ms; each undefined until it happened. */
export interface TaskTimes {
  /** A runtime claimed the task. */
  startedAt?: number;
  /** Its result was recorded. */
  completedAt?: number;
}

export interface TaskRecords {
  save(taskId: string, record: TaskRecord): Promise<void>;
  load(taskId: string): Promise<TaskRecord | undefined>;
  /** When the task of `queue` (its record's) started and finished, as of `now` (epoch ms). */
  times(taskId: string, queue: string, now: number): Promise<TaskTimes>;
}

export class RedisTaskRecords implements TaskRecords {
  /** `ttlMs`: how long records live, which is the queue's result lifetime (times() relies on it). */
  constructor(private readonly redis: Redis, private readonly ttlMs: number) {}

  async save(taskId: string, record: TaskRecord): Promise<void> {
    await this.redis.set(taskRecordKey(taskId), JSON.stringify(record), 'PX', this.ttlMs);
  }

  async load(taskId: string): Promise<TaskRecord | undefined> {
    const text = await this.redis.get(taskRecordKey(taskId));
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as TaskRecord;
    } catch {
      return undefined;
    }
  }

  /** One round trip on a pipelined connection: both keys are read in the same turn. */
  async times(taskId: string, queue: string, now: number): Promise<TaskTimes> {
    const [claimed, resultTtl] = await Promise.all([this.redis.get(taskClaimKey(taskId)), this.redis.pttl(resultKey(queue, taskId))]);
    const times: TaskTimes = {};
    const startedAt = Number(claimed);
    if (claimed !== null && Number.isFinite(startedAt)) times.startedAt = startedAt;
    // PTTL is -2 without a result, -1 for a key without expiry (not one the queue wrote).
    if (resultTtl >= 0) times.completedAt = Math.max(now - (this.ttlMs - resultTtl), times.startedAt ?? 0);
    return times;
  }
}
