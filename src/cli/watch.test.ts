import { describe, expect, it } from 'vitest';
import { progress, watchView } from './watch.js';

function stream() {
  const writes: string[] = [];
  return { writes, out: { write: (text: string) => { writes.push(text); return true; } } as unknown as NodeJS.WriteStream };
}

describe('watchView on a terminal', () => {
  it('prints the run header once, draws on its timer, not per event, and leaves the final table on stop', () => {
    const { writes, out } = stream();
    const view = watchView(out, true);
    const base = { runId: 'r', time: 1_000 };
    view.emit({ ...base, type: 'run.started', team: 't', steps: ['a', 'b'] });
    view.emit({ ...base, type: 'step.started', step: 'a', attempt: 1, iteration: 1 });
    view.emit({ ...base, time: 2_500, type: 'step.completed', step: 'a', phase: 'Succeeded', usage: { input: 4, output: 3, total: 7 } });
    expect(writes).toEqual(['run r: team t, 2 steps\n']);
    view.stop();
    expect(writes).toHaveLength(2);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
    const lines = writes[1]!.split('\n').map((line) => line.replace(ansi, ''));
    expect(lines[0]).toMatch(/^STEP\s+PHASE\s+TOKENS\s+TIME$/);
    expect(lines[1]).toMatch(/^a\s+Succeeded\s+7\s+1\.5s$/);
    expect(lines[2]).toMatch(/^b\s+Pending\s+0\s+-$/);
  });
});

describe('watchView: slow and retried model calls', () => {
  const base = { runId: 'r', step: 'a', taskId: 'r/a/1.1', model: 'gpt-4o' };

  it('prints each retry as a line when not on a terminal', () => {
    const { writes, out } = stream();
    const view = watchView(out, false);
    view.emit({ runId: 'r', time: 0, type: 'run.started', team: 't', steps: ['a'] });
    view.emit({ ...base, time: 10, type: 'llm.retry', attempt: 1, delayMs: 3_000, reason: 'openai: HTTP 429 from http://127.0.0.1:8080/v1' });
    expect(writes.at(-1)).toBe('  a: retrying in 3 s (openai: HTTP 429 from http://127.0.0.1:8080/v1)\n');
  });

  it('notes a retry back-off, then a long wait on the model, and nothing once it answered', () => {
    const start = 1_000_000;
    const row = { waiting: { since: start, on: 'gpt-4o at http://127.0.0.1:8080/v1' } };
    expect(progress(row, start + 500)).toBeUndefined();
    expect(progress(row, start + 45_200)).toBe('waiting on gpt-4o at http://127.0.0.1:8080/v1 45 s');
    expect(progress({ ...row, retry: { until: start + 3_000, reason: 'HTTP 500' } }, start + 100)).toBe('retrying in 3 s (HTTP 500)');
    expect(progress({}, start)).toBeUndefined();
  });
});
