// What the aggregated API keeps of each task it accepted, so `GET namespaces/{ns}/tasks/{id}`
// can answer with the Task object (C3): its namespace (a task is visible only in its own),
// target, prompt and creation time. One Redis key per task, expiring with its result.
import type { Redis } from 'ioredis';
import { taskRecordKey } from '../src/queue/names.js';

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

export interface TaskRecords {
  save(taskId: string, record: TaskRecord): Promise<void>;
  load(taskId: string): Promise<TaskRecord | undefined>;
}

export class RedisTaskRecords implements TaskRecords {
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
}
