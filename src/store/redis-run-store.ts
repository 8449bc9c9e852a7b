// RunStore on Redis: a run's fields and steps in one hash, the step names in first-saved
// order in a list (both in the run's slot, written by one script), expiring after the
// retention period. An output above OUTPUT_PREVIEW_BYTES (the run's or a step's) is stored
// once under its own key, named by `outputRef`, and the record holds the reference: the
// reconciler can then put only a preview into ArkRun status. load() returns full outputs.
import type { Redis } from 'ioredis';
import { OUTPUT_PREVIEW_BYTES } from '../api/index.js';
import type { RunFields, RunRecord, RunStore, RunUpdate, StoredStep } from '../engine/run-store.js';
import { LuaScript } from '../queue/lua.js';
import { outputKey, runStateKey, runStepsKey } from '../queue/names.js';
import { RUN_RETENTION_DEFAULTS, type RunRetention } from './retention.js';

/** KEYS: state hash, step list. ARGV: ttl, run fields JSON or '', then name, step JSON pairs. */
const SAVE = new LuaScript<number>(`
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'run', ARGV[2]) end
for i = 3, #ARGV, 2 do
  if redis.call('HSET', KEYS[1], 'step:' .. ARGV[i], ARGV[i + 1]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[i]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`, 2);

type Stored<T> = T & { outputRef?: string; output?: string };

export class RedisRunStore implements RunStore {
  private readonly retentionMs: number;
  constructor(private readonly redis: Redis, retention: RunRetention = {}) {
    this.retentionMs = retention.retentionMs ?? RUN_RETENTION_DEFAULTS.retentionMs;
  }

  async load(runId: string): Promise<RunRecord | undefined> {
    const [state, names] = await Promise.all([this.redis.hgetall(runStateKey(runId)), this.redis.lrange(runStepsKey(runId), 0, -1)]);
    if (state.run === undefined) return undefined;
    const run = await this.withOutput(JSON.parse(state.run) as Stored<RunFields>);
    const saved = names.map((name) => state[`step:${name}`]).filter((text): text is string => text !== undefined);
    const steps = await Promise.all(saved.map((text) => this.withOutput(JSON.parse(text) as Stored<StoredStep>)));
    return { ...run, runId, steps };
  }

  async save(update: RunUpdate): Promise<void> {
    const run = update.run ? JSON.stringify(await this.externalize(update.runId, update.run)) : '';
    const steps: string[] = [];
    for (const step of update.steps) steps.push(step.name, JSON.stringify(await this.externalize(update.runId, step, step.name)));
    await SAVE.run(this.redis, runStateKey(update.runId), runStepsKey(update.runId), this.retentionMs, run, ...steps);
  }

  /** Moves a large output to its own key and leaves the reference in its place. */
  private async externalize<T extends { output?: string }>(runId: string, value: T, step?: string): Promise<Stored<T>> {
    if (value.output === undefined || Buffer.byteLength(value.output) <= OUTPUT_PREVIEW_BYTES) return value;
    const ref = outputKey(runId, step);
    await this.redis.set(ref, value.output, 'PX', this.retentionMs);
    const { output: _output, ...rest } = value;
    return { ...rest, outputRef: ref } as Stored<T>;
  }

  /** Reads a referenced output back; a reference whose key expired is reported in place of the output. */
  private async withOutput<T extends object>(value: Stored<T>): Promise<Stored<T>> {
    if (value.outputRef === undefined || value.output !== undefined) return value;
    const output = await this.redis.get(value.outputRef);
    return { ...value, output: output ?? `[output expired: ${value.outputRef}]` };
  }
}
