// The queue's Lua scripts: each changes one queue's keys (one hash slot, results included)
// atomically, so a task is never acknowledged without its result, or requeued twice. KEYS
// start with [stream, live, dead, result] of queueKeys() and resultKey().
import type { Redis } from 'ioredis';
import { LuaScript } from './lua.js';
import { TurnBatches } from './turn-batch.js';
import { CONSUMER_GROUP, queueKeys, RESULTS_CHANNEL, resultKey, taskClaimKey, taskRecordKey } from './names.js';
import type { Settled } from './result-book.js';
import { encodeAnnouncement, type StreamReply } from './wire.js';

/**
 * Adds tasks, each as one ENQUEUE of its own would, in order: unless its id is live or
 * already has a result (a finished or cancelled task is not run again); refused above the
 * limit. KEYS: stream, live, then each task's result key. ARGV: limit, then per task: id,
 * payload. → per task 1 added, 0 known, -1 full.
 */
const ENQUEUE = new LuaScript<number[]>(`
local codes = {}
for i = 1, #KEYS - 2 do
  local id, payload = ARGV[2 * i], ARGV[2 * i + 1]
  if redis.call('HEXISTS', KEYS[2], id) == 1 or redis.call('EXISTS', KEYS[2 + i]) == 1 then
    codes[i] = 0
  elseif redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[1]) then
    codes[i] = -1
  else
    local entry = redis.call('XADD', KEYS[1], '*', 'id', id, 'attempt', '1', 'task', payload)
    redis.call('HSET', KEYS[2], id, entry)
    codes[i] = 1
  end
end
return codes`, -1);

/**
 * Delivered entries are done, each as one FINISH of its own would do it, in order: adds its
 * dead letter (when it has a reason), records its result unless the task has one (first
 * result wins; announced on the results channel), acknowledges and deletes the entry. Then
 * reads up to ARGV[6] new entries for the same consumer, so finishing every task a worker
 * settled in one turn and fetching the next ones is one round trip.
 * KEYS: stream, live, dead, then each entry's result key.
 * ARGV: group, consumer, ttl ms, channel, dead-letter limit, count, then per entry: entry id,
 * task id, result ('' for none), announcement, dead-letter reason ('' for none), deliveries.
 * → the XREADGROUP reply, or nil.
 */
const FINISH = new LuaScript<StreamReply>(`
for i = 0, (#ARGV - 6) / 6 - 1 do
  local at = 6 + i * 6
  local entry, task, stored = ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  if ARGV[at + 5] ~= '' then
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'id', task, 'deliveries', ARGV[at + 6], 'reason', ARGV[at + 5])
  end
  if stored ~= '' and redis.call('SET', KEYS[4 + i], stored, 'PX', ARGV[3], 'NX') then
    redis.call('PUBLISH', ARGV[4], ARGV[at + 4])
  end
  redis.call('XACK', KEYS[1], ARGV[1], entry)
  redis.call('XDEL', KEYS[1], entry)
  if redis.call('HGET', KEYS[2], task) == entry then redis.call('HDEL', KEYS[2], task) end
end
if tonumber(ARGV[6]) > 0 then
  return redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[6], 'STREAMS', KEYS[1], '>')
end
return false`, -1);

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
}

/** What ENQUEUE did with a task: added it anew, found it live or with a result, or refused it (full). */
export type Enqueued = 'added' | 'known' | 'full';

/** Tasks added in one script call at most, and the payload size after which a batch is sent. */
const ENQUEUE_BATCH = { maxItems: 100, maxSize: 1024 * 1024, sizeOf: (task: { payload: string }) => task.payload.length };

/** The queue scripts, run on one connection. */
export class QueueScripts {
  /** A queue's enqueues of one turn, sent in one ENQUEUE call. */
  private readonly enqueues = new TurnBatches<{ taskId: string; payload: string }, Enqueued>(
    (queue, tasks) => this.enqueueAll(queue, tasks), ENQUEUE_BATCH);

  constructor(private readonly redis: Redis, private readonly resultTtlMs: number, private readonly pendingLimit: number) {}

  /**
   * Adds a task (see ENQUEUE), in one script call with the other enqueues of its queue sent
   * in the same turn: a burst of submissions costs a round trip per batch, not per task.
   */
  enqueue(queue: string, taskId: string, payload: string): Promise<Enqueued> {
    return this.enqueues.add(queue, { taskId, payload });
  }

  private async enqueueAll(queue: string, tasks: readonly { taskId: string; payload: string }[]): Promise<Enqueued[]> {
    const k = queueKeys(queue);
    const keys = [k.stream, k.live, ...tasks.map((t) => resultKey(queue, t.taskId))];
    const args: (string | number)[] = [this.pendingLimit];
    for (const t of tasks) args.push(t.taskId, t.payload);
    const codes = await ENQUEUE.runWith(this.redis, keys.length, [...keys, ...args]);
    return codes.map((code) => (code === 1 ? 'added' : code === 0 ? 'known' : 'full'));
  }

  /** Finishes entries of `consumer` and fetches up to `fetch` new ones for it (see FINISH). */
  async finish(queue: string, consumer: string, done: readonly Finish[], fetch: number): Promise<StreamReply> {
    const k = queueKeys(queue);
    const keys = [k.stream, k.live, k.dead, ...done.map((entry) => resultKey(queue, entry.taskId))];
    const args: (string | number)[] = [CONSUMER_GROUP, consumer, this.resultTtlMs, RESULTS_CHANNEL, DEAD_LETTER_LIMIT, fetch];
    for (const entry of done) {
      const { stored, announcement } = entry.result ? encodeAnnouncement(resultKey(queue, entry.taskId), entry.result) : { stored: '', announcement: '' };
      args.push(entry.entryId, entry.taskId, stored, announcement, entry.deadLetter?.reason ?? '', entry.deadLetter?.deliveries ?? 0);
    }
    return (await FINISH.runWith(this.redis, keys.length, [...keys, ...args])) ?? null;
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
