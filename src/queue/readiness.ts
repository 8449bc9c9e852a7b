// The readiness registry: every agent pod heartbeats its readiness and load into a hash
// per queue; an entry whose heartbeat expired is a dead pod. Routing (src/core/routing.ts)
// reads it to choose among ready, live pods; `reapDead` moves the tasks routed to a dead
// pod back to the shared queue (a task it was running comes back with its attempt
// counted), so nothing waits on a pod that will never read it.
import type { Redis } from 'ioredis';
import type { PodState } from '../core/routing.js';
import { LuaScript } from './lua.js';
import { CONSUMER_GROUP, podQueue, queueKeys, readinessKey } from './names.js';

/** KEYS: pod stream, pod live, shared stream, shared live. ARGV: group. → tasks moved. */
const MOVE_BACK = new LuaScript<number>(`
local delivered = {}
local ok, pending = pcall(redis.call, 'XPENDING', KEYS[1], ARGV[1], '-', '+', 100000)
if ok then for _, p in ipairs(pending) do delivered[p[1]] = true end end
local moved = 0
for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local f, id, attempt, task = e[2], nil, '1', nil
  for i = 1, #f, 2 do
    if f[i] == 'id' then id = f[i + 1] elseif f[i] == 'attempt' then attempt = f[i + 1] elseif f[i] == 'task' then task = f[i + 1] end
  end
  if id and task and redis.call('HGET', KEYS[2], id) == e[1] then
    if delivered[e[1]] then attempt = tostring((tonumber(attempt) or 1) + 1) end
    redis.call('HSET', KEYS[4], id, redis.call('XADD', KEYS[3], '*', 'id', id, 'attempt', attempt, 'task', task))
    moved = moved + 1
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return moved`, 4);

export class ReadinessRegistry {
  constructor(private readonly redis: Redis) {}

  /** Records a pod's state; the whole hash expires if every pod stops heartbeating. */
  async beat(queue: string, state: PodState): Promise<void> {
    const key = readinessKey(queue);
    await this.redis.multi().hset(key, state.pod, JSON.stringify(state)).pexpireat(key, state.expiresAt + 60_000).exec();
  }

  async pods(queue: string): Promise<PodState[]> {
    const entries = await this.redis.hgetall(readinessKey(queue));
    return Object.values(entries).flatMap((text) => {
      try {
        const state = JSON.parse(text) as PodState;
        return typeof state.pod === 'string' && typeof state.expiresAt === 'number' ? [state] : [];
      } catch {
        return [];
      }
    });
  }

  /** A pod leaving on purpose (its tasks were handed back already). */
  async remove(queue: string, pod: string): Promise<void> {
    await this.redis.hdel(readinessKey(queue), pod);
  }

  /** Forgets pods whose heartbeat expired and moves their routed tasks back; → tasks moved. */
  async reapDead(queue: string, now: number): Promise<number> {
    let moved = 0;
    for (const state of await this.pods(queue)) {
      if (state.expiresAt > now) continue;
      const routed = queueKeys(podQueue(queue, state.pod));
      const shared = queueKeys(queue);
      moved += await MOVE_BACK.run(this.redis, routed.stream, routed.live, shared.stream, shared.live, CONSUMER_GROUP);
      await this.remove(queue, state.pod);
    }
    return moved;
  }
}
