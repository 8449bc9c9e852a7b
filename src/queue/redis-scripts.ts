// The queue's Lua scripts: each changes one queue's keys (one hash slot) atomically, so a
// task is never both acknowledged and lost, or requeued twice. KEYS start with [stream,
// live, dead] of queueKeys(); the scripts are registered on a connection once.
import type { Redis } from 'ioredis';
import { CONSUMER_GROUP, queueKeys, taskClaimKey, taskRecordKey } from './names.js';

/** Adds a task unless its id is live; refuses above the limit. → 1 added, 0 known, -1 full. */
const ENQUEUE = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
local entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'attempt', '1', 'task', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], entry)
return 1`;

/** Acknowledges and deletes an entry; the task stops being live if this entry was its current one. */
const COMPLETE = `
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if redis.call('HGET', KEYS[2], ARGV[3]) == ARGV[2] then redis.call('HDEL', KEYS[2], ARGV[3]) end
return 1`;

/**
 * Puts a delivered task back at the tail with a new attempt number, in place of its entry.
 * → 1 requeued, 0 when the entry was already acknowledged (someone else requeued it) or
 * the task was withdrawn. KEYS[4] and KEYS[5] are the stream and live hash to requeue on:
 * the same queue, or (for a dead pod's queue) its shared queue, in the same slot.
 */
const REQUEUE = `
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
if redis.call('HGET', KEYS[2], ARGV[3]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[3])
local entry = redis.call('XADD', KEYS[4], '*', 'id', ARGV[3], 'attempt', ARGV[4], 'task', ARGV[5])
redis.call('HSET', KEYS[5], ARGV[3], entry)
return 1`;

/**
 * Records when a runtime claimed a task submitted through the aggregated API, so its Task
 * reads Running with a startTime (apiservice/task-records.ts). Only a task with a task record
 * gets a claim key, expiring with the record; a run step has none. The first claim wins: a
 * redelivered task keeps its first start time. KEYS: record key, claim key (the task's
 * slot). ARGV: claim time (epoch ms). → 1 recorded, 0 not.
 */
const CLAIM = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 and redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl, 'NX') then return 1 end
return 0`;

/** Dead letters kept per queue (the stream is trimmed to about this many). */
export const DEAD_LETTER_LIMIT = 10_000;

type Script = (...args: (string | number)[]) => Promise<number>;
interface ScriptCommands { arkEnqueue: Script; arkComplete: Script; arkRequeue: Script; arkRecordClaim: Script }

/** The queue scripts bound to one connection and queue. */
export class QueueScripts {
  private readonly redis: Redis & ScriptCommands;

  constructor(redis: Redis) {
    const commands = redis as Redis & Partial<ScriptCommands>;
    if (!commands.arkEnqueue) {
      redis.defineCommand('arkEnqueue', { numberOfKeys: 3, lua: ENQUEUE });
      redis.defineCommand('arkComplete', { numberOfKeys: 3, lua: COMPLETE });
      redis.defineCommand('arkRequeue', { numberOfKeys: 5, lua: REQUEUE });
      // Defined here, with the others, before any command is sent: a command defined later
      // is missing from an auto-pipeline already under way ("pipeline[…] is not a function").
      redis.defineCommand('arkRecordClaim', { numberOfKeys: 2, lua: CLAIM });
    }
    this.redis = redis as Redis & ScriptCommands;
  }

  async enqueue(queue: string, taskId: string, payload: string, limit: number): Promise<'added' | 'known' | 'full'> {
    const k = queueKeys(queue);
    const reply = await this.redis.arkEnqueue(k.stream, k.live, k.dead, taskId, payload, limit);
    return reply === 1 ? 'added' : reply === 0 ? 'known' : 'full';
  }

  async complete(queue: string, entryId: string, taskId: string): Promise<void> {
    const k = queueKeys(queue);
    await this.redis.arkComplete(k.stream, k.live, k.dead, CONSUMER_GROUP, entryId, taskId);
  }

  /** Records that `taskId` was claimed at `at` (see CLAIM). */
  async recordClaim(taskId: string, at: number): Promise<void> {
    await this.redis.arkRecordClaim(taskRecordKey(taskId), taskClaimKey(taskId), at);
  }

  /** Requeues on `queue` itself, or on `to` (a pod queue's shared queue). */
  async requeue(queue: string, entry: { entryId: string; taskId: string; attempt: number; payload: string }, to = queue): Promise<boolean> {
    const k = queueKeys(queue);
    const target = queueKeys(to);
    const reply = await this.redis.arkRequeue(k.stream, k.live, k.dead, target.stream, target.live,
      CONSUMER_GROUP, entry.entryId, entry.taskId, entry.attempt, entry.payload);
    return reply === 1;
  }

  /**
   * Adds a dead letter (the stream is bounded). The entry stays pending: the caller records
   * the task's failure, then completes the entry, so a crash in between repeats the dead
   * letter rather than losing the failure.
   */
  async deadLetter(queue: string, letter: { taskId?: string; deliveries: number; reason: string }): Promise<void> {
    await this.redis.xadd(queueKeys(queue).dead, 'MAXLEN', '~', DEAD_LETTER_LIMIT, '*',
      'id', letter.taskId ?? '', 'deliveries', letter.deliveries, 'reason', letter.reason);
  }

}
