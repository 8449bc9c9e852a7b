// Removes what Redis holds of one run once its ArkRun is deleted: the event log, the stored
// state and steps, large outputs, and the recorded results of its step tasks (so an ArkRun
// created again under the same name starts afresh instead of finding old results by id).
// A result lives with its queue, so finding a step's results takes the queue of its role;
// without it (a run whose spec was never readable) they expire with their TTL, as the
// results of validation, delegation and nested-run tasks do.
import type { Redis } from 'ioredis';
import type { StoredStep } from '../engine/run-store.js';
import { stepTaskId, validateTaskId } from '../engine/task-ids.js';
import { outputKey, resultKey, runLogKey, runStateKey, runStepsKey } from '../queue/names.js';

/** Deletes the run's keys; returns how many existed. `queueOf` maps a step's role to its queue. */
export async function deleteRunState(redis: Redis, runId: string, queueOf?: (role: string) => string): Promise<number> {
  const [state, names] = await Promise.all([redis.hgetall(runStateKey(runId)), redis.lrange(runStepsKey(runId), 0, -1)]);
  const keys = [runLogKey(runId), runStateKey(runId), runStepsKey(runId), outputKey(runId)];
  for (const name of names) {
    keys.push(outputKey(runId, name));
    const text = state[`step:${name}`];
    if (text !== undefined && queueOf) keys.push(...stepResultKeys(runId, JSON.parse(text) as StoredStep, queueOf(name)));
  }
  // One DEL per key: the keys live in different Cluster slots.
  const deleted = await Promise.all(keys.map((key) => redis.del(key)));
  return deleted.reduce((sum, n) => sum + n, 0);
}

/** Result keys of every task id the step may have used: each iteration × attempt so far. */
function stepResultKeys(runId: string, step: StoredStep, queue: string): string[] {
  const keys: string[] = [];
  const attempts = step.attempts ?? 0;
  const iterations = Math.max(1, (step.iterations ?? 0) + 1);
  for (let iteration = 1; iteration <= iterations; iteration++) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const id = stepTaskId(runId, step.name, iteration, attempt);
      keys.push(resultKey(queue, id), resultKey(queue, validateTaskId(id)));
    }
  }
  return keys;
}
