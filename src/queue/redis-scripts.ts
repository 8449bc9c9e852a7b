// The queue's Lua scripts: each changes one queue's keys (one hash slot, results included)
// atomically, so a task is never acknowledged without its result, or requeued twice. KEYS
// start with [stream, live, dead, result] of queueKeys() and resultKey().
import type { Redis } from 'ioredis';
import { LuaScript } from './lua.js';
import { CONSUMER_GROUP, queueKeys, RESULTS_CHANNEL, resultKey, taskClaimKey, taskRecordKey } from './names.js';
import type { Settled } from './result-book.js';
import { encodeAnnouncement, type StreamReply } from './wire.js';

/**
 * Adds a task unless its id is live or already has a result (a finished or cancelled task
 * is not run again); refuses above the limit. → 1 added, 0 known, -1 full.
 */
const ENQUEUE = new LuaScript<number>(`
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
local entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'attempt', '1', 'task', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], entry)
return 1`, 4);

/**
 * A delivered entry is done: adds its dead letter (when ARGV[9] is a reason), records its
 * result unless the task has one (first result wins; announced on the results channel),
 * acknowledges and deletes the entry, and reads up to ARGV[12] new entries for the same
 * consumer, so finishing one task and fetching the next is one round trip.
 * ARGV: group, consumer, entry id, task id, result ('' for none), ttl ms, channel,
 * announcement, dead-letter reason ('' for none), deliveries, dead-letter limit, count.
 * → {1 recorded | 0 not, XREADGROUP reply or nothing}
 */
const FINISH = new LuaScript<[number, StreamReply?]>(`
if ARGV[9] ~= '' then
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[11], '*', 'id', ARGV[4], 'deliveries', ARGV[10], 'reason', ARGV[9])
end
local recorded = 0
if ARGV[5] ~= '' and redis.call('SET', KEYS[4], ARGV[5], 'PX', ARGV[6], 'NX') then
  redis.call('PUBLISH', ARGV[7], ARGV[8])
  recorded = 1
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
if redis.call('HGET', KEYS[2], ARGV[4]) == ARGV[3] then redis.call('HDEL', KEYS[2], ARGV[4]) end
if tonumber(ARGV[12]) > 0 then
  return {recorded, redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[12], 'STREAMS', KEYS[1], '>')}
end
return {recorded}`, 4);

/**
 * Puts a delivered task back at the tail with a new attempt number, in place of its entry.
 * → 1 requeued, 0 when the entry was already acknowledged (someone else requeued it), the
 * task was withdrawn, or it has a result meanwhile (it is then only removed). KEYS[5] and
 * KEYS[6] are the stream and live hash to requeue on: the same queue, or (for a dead pod's
 * queue) its shared queue, in the same slot.
 */
const REQUEUE = new LuaScript<number>(`
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
if redis.call('HGET', KEYS[2], ARGV[3]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[3])
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local entry = redis.call('XADD', KEYS[5], '*', 'id', ARGV[3], 'attempt', ARGV[4], 'task', ARGV[5])
redis.call('HSET', KEYS[6], ARGV[3], entry)
return 1`, 6);

/**
 * Records a cancellation as the task's result unless it has one, and withdraws its entry
 * (pending: it is never delivered; delivered: no one reclaims it). A consumer running it is
 * told on the cancel channel. ARGV: group, task id, result, ttl ms, channel, announcement.
 * → 1 cancelled, 0 it had a result.
 */
const CANCEL = new LuaScript<number>(`
if not redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[4], 'NX') then return 0 end
redis.call('PUBLISH', ARGV[5], ARGV[6])
local entry = redis.call('HGET', KEYS[2], ARGV[2])
if entry then
  redis.call('XACK', KEYS[1], ARGV[1], entry)
  redis.call('XDEL', KEYS[1], entry)
  redis.call('HDEL', KEYS[2], ARGV[2])
end
return 1`, 4);

/**
 * Records when a runtime claimed a task submitted through the aggregated API, so its Task
 * reads Running with a startTime (apiservice/task-records.ts). Only a task with a task record
 * gets a claim key, expiring with the record. The first claim wins: a redelivered task keeps
 * its first start time. KEYS: record key, claim key (the task's slot). ARGV: claim time
 * (epoch ms). → 1 recorded, 0 not.
 */
const CLAIM = new LuaScript<number>(`
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 and redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl, 'NX') then return 1 end
return 0`, 2);

/** Dead letters kept per queue (the stream is trimmed to about this many). */
export const DEAD_LETTER_LIMIT = 10_000;

/** What finishing a delivered entry does (see FINISH). */
export interface Finish {
  entryId: string;
  /** '' for a malformed entry without a readable id. */
  taskId: string;
  /** The task's result, unless it has none to record (a malformed entry without an id). */
  result?: Settled;
  deadLetter?: { deliveries: number; reason: string };
  /** The consumer that holds the entry, and how many new entries it takes (0: none). */
  consumer: string;
  fetch: number;
}

/** The queue scripts, run on one connection. */
export class QueueScripts {
  constructor(private readonly redis: Redis, private readonly resultTtlMs: number) {}

  async enqueue(queue: string, taskId: string, payload: string, limit: number): Promise<'added' | 'known' | 'full'> {
    const reply = await ENQUEUE.run(this.redis, ...keysOf(queue, taskId), taskId, payload, limit);
    return reply === 1 ? 'added' : reply === 0 ? 'known' : 'full';
  }

  /** Finishes an entry (see FINISH); → the entries fetched for the consumer. */
  async finish(queue: string, done: Finish): Promise<StreamReply> {
    const { stored, announcement } = done.result ? encodeAnnouncement(resultKey(queue, done.taskId), done.result) : { stored: '', announcement: '' };
    const letter = done.deadLetter;
    const [, fetched] = await FINISH.run(this.redis, ...keysOf(queue, done.taskId), CONSUMER_GROUP, done.consumer, done.entryId, done.taskId,
      stored, this.resultTtlMs, RESULTS_CHANNEL, announcement, letter?.reason ?? '', letter?.deliveries ?? 0, DEAD_LETTER_LIMIT, done.fetch);
    return fetched ?? null;
  }

  /** Records the cancellation and withdraws the task's entry (see CANCEL); → false when it had a result. */
  async cancel(queue: string, taskId: string, result: Settled): Promise<boolean> {
    const { stored, announcement } = encodeAnnouncement(resultKey(queue, taskId), result);
    return (await CANCEL.run(this.redis, ...keysOf(queue, taskId), CONSUMER_GROUP, taskId, stored, this.resultTtlMs, RESULTS_CHANNEL, announcement)) === 1;
  }

  /** Records that `taskId` was claimed at `at` (see CLAIM). */
  async recordClaim(taskId: string, at: number): Promise<void> {
    await CLAIM.run(this.redis, taskRecordKey(taskId), taskClaimKey(taskId), at);
  }

  /** Requeues on `queue` itself, or on `to` (a pod queue's shared queue). */
  async requeue(queue: string, entry: { entryId: string; taskId: string; attempt: number; payload: string }, to = queue): Promise<boolean> {
    const target = queueKeys(to);
    const reply = await REQUEUE.run(this.redis, ...keysOf(queue, entry.taskId), target.stream, target.live,
      CONSUMER_GROUP, entry.entryId, entry.taskId, entry.attempt, entry.payload);
    return reply === 1;
  }
}

/** KEYS every queue script starts with: stream, live, dead, and the task's result. */
function keysOf(queue: string, taskId: string): [string, string, string, string] {
  const k = queueKeys(queue);
  return [k.stream, k.live, k.dead, resultKey(queue, taskId)];
}
