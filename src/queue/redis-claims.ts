// When a runtime claimed a task submitted through the aggregated API, so its Task can read
// Running with a startTime. Only tasks that have a task record (apiservice/task-records.ts)
// get a claim key, expiring with that record; a run step has none and costs one script call.
// The first claim wins: a redelivered task keeps its first start time.
import type { Redis } from 'ioredis';
import { taskClaimKey, taskRecordKey } from './names.js';

/** KEYS: record key, claim key. ARGV: claim time (epoch ms). → 1 recorded, 0 not. */
const CLAIM = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 and redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl, 'NX') then return 1 end
return 0`;

interface ClaimCommand { arkRecordClaim(...args: (string | number)[]): Promise<number> }

/** Records that `taskId` was claimed at `at`; both keys share the task's hash slot. */
export async function recordClaim(redis: Redis, taskId: string, at: number): Promise<void> {
  const commands = redis as Redis & Partial<ClaimCommand>;
  if (!commands.arkRecordClaim) redis.defineCommand('arkRecordClaim', { numberOfKeys: 2, lua: CLAIM });
  await (redis as Redis & ClaimCommand).arkRecordClaim(taskRecordKey(taskId), taskClaimKey(taskId), at);
}
