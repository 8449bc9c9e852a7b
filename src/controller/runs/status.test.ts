import { describe, expect, it } from 'vitest';
import { OUTPUT_PREVIEW_BYTES } from '../../api/index.js';
import { outputKey } from '../../queue/names.js';
import { preview, projectStatus, statusPatch, stepPreviewBytes, STEP_PREVIEWS_BUDGET_BYTES } from './status.js';

const run = { team: 't', phase: 'Succeeded' as const, startTime: Date.UTC(2026, 0, 1), completionTime: Date.UTC(2026, 0, 1, 0, 0, 2, 500), usage: { input: 3, output: 4, total: 7 } };

describe('ArkRun status projection', () => {
  it('projects run fields, durations and every step of the plan', () => {
    const status = projectStatus({ runId: 'ns.r', run: { ...run, output: 'done' }, steps: [{ name: 'a', phase: 'Succeeded', output: 'hi', attempts: 1 }, { name: 'b', phase: 'Pending' }], observedRetry: 'x' });
    expect(status).toMatchObject({
      phase: 'Succeeded', startTime: '2026-01-01T00:00:00.000Z', completionTime: '2026-01-01T00:00:02.500Z', durationSeconds: 2.5,
      output: 'done', totalTokenUsage: { total: 7 }, observedRetry: 'x',
      steps: [{ name: 'a', phase: 'Succeeded', output: 'hi', attempts: 1 }, { name: 'b', phase: 'Pending' }],
    });
    expect(status.steps?.[0]?.outputRef).toBeUndefined();
  });

  it('keeps a 2 MB output out of status: a bounded preview and the outputRef the Redis store uses', () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const status = projectStatus({ runId: 'ns.r', run: { ...run, output: big }, steps: [{ name: 'a', phase: 'Succeeded', output: big }] });
    expect(Buffer.byteLength(status.steps![0]!.output!)).toBeLessThanOrEqual(OUTPUT_PREVIEW_BYTES);
    expect(status.steps![0]!.outputRef).toBe(outputKey('ns.r', 'a'));
    expect(status.outputRef).toBe(outputKey('ns.r'));
    expect(JSON.stringify(status).length).toBeLessThan(16 * 1024);
  });

  it('shrinks step previews so a wide pipeline of large outputs stays small', () => {
    const steps = Array.from({ length: 2000 }, (_, i) => ({ name: `s${i}`, phase: 'Succeeded' as const, output: 'y'.repeat(10_000) }));
    const size = JSON.stringify(projectStatus({ runId: 'ns.r', run, steps })).length;
    expect(stepPreviewBytes(2000)).toBeLessThan(OUTPUT_PREVIEW_BYTES);
    expect(size).toBeLessThan(STEP_PREVIEWS_BUDGET_BYTES * 2 + 2000 * 200);
    expect(size).toBeLessThan(1024 * 1024);
  });

  it('cuts previews at a character boundary and marks the cut', () => {
    const cut = preview('é'.repeat(100), 11);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(11);
    expect(cut.endsWith('…')).toBe(true);
    expect(preview('short', 100)).toBe('short');
  });

  it('a merge patch names every status field, nulling those without a value', () => {
    const patch = statusPatch({ phase: 'Running' });
    expect(patch.status.phase).toBe('Running');
    expect(patch.status).toHaveProperty('message', null);
    expect(patch.status).toHaveProperty('failedStep', null);
  });
});
