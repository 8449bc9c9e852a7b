// The behaviour every RunStore adapter must show (memory here; ArkRun status + Redis in the
// cluster). Each adapter's test file calls runStoreContract() with a factory.
import { describe, expect, it } from 'vitest';
import type { RunFields, RunStore } from '../engine/run-store.js';

const usage = { input: 1, output: 2, total: 3 };
const fields: RunFields = { team: 't', phase: 'Running', startTime: 1_000, deadline: 61_000, usage };

export function runStoreContract(name: string, create: () => Promise<RunStore>): void {
  describe(`${name}: RunStore contract`, () => {
    it('loads nothing for a run never saved', async () => {
      expect(await (await create()).load('nobody')).toBeUndefined();
    });

    it('keeps run fields and merges steps by name', async () => {
      const store = await create();
      await store.save({ runId: 'r', run: fields, steps: [{ name: 'a', phase: 'Running', taskID: 'r/a/1.1', attempts: 1 }] });
      await store.save({ runId: 'r', steps: [{ name: 'b', phase: 'Pending' }] });
      await store.save({ runId: 'r', steps: [{ name: 'a', phase: 'Succeeded', output: 'A', attempts: 1, tokenUsage: usage }] });
      expect(await store.load('r')).toEqual({
        runId: 'r', ...fields,
        steps: [{ name: 'a', phase: 'Succeeded', output: 'A', attempts: 1, tokenUsage: usage }, { name: 'b', phase: 'Pending' }],
      });
    });

    it('replaces run fields on a later save and keeps the deadline it is given', async () => {
      const store = await create();
      await store.save({ runId: 'r2', run: fields, steps: [] });
      await store.save({ runId: 'r2', run: { ...fields, phase: 'Succeeded', completionTime: 2_000, output: 'done' }, steps: [] });
      expect(await store.load('r2')).toMatchObject({ phase: 'Succeeded', deadline: 61_000, completionTime: 2_000, output: 'done' });
    });

    it('keeps a full output of any size', async () => {
      const store = await create();
      const big = 'x'.repeat(2 * 1024 * 1024);
      await store.save({ runId: 'r3', run: fields, steps: [{ name: 'a', phase: 'Succeeded', output: big }] });
      expect((await store.load('r3'))!.steps[0]!.output).toHaveLength(big.length);
    });

    it('returns copies: changing what was saved or loaded changes nothing stored', async () => {
      const store = await create();
      const step = { name: 'a', phase: 'Running' as const, tokenUsage: { ...usage } };
      await store.save({ runId: 'r4', run: fields, steps: [step] });
      step.tokenUsage.total = 999;
      const loaded = await store.load('r4');
      loaded!.steps[0]!.phase = 'Failed';
      expect((await store.load('r4'))!.steps[0]).toEqual({ name: 'a', phase: 'Running', tokenUsage: usage });
    });
  });
}
