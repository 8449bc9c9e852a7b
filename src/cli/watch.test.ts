import { describe, expect, it } from 'vitest';
import { watchView } from './watch.js';

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
