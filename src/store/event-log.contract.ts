// The behaviour every EventLog adapter must show (memory here; Redis Streams in the
// cluster). Each adapter's test file calls eventLogContract() with a factory.
import { describe, expect, it } from 'vitest';
import type { EventLog } from '../engine/event-log.js';
import type { LoggedEvent } from '../engine/events.js';

function started(runId: string, seq: number): LoggedEvent {
  return { type: 'run.started', time: seq, runId, team: 't', steps: ['a'], seq };
}
function completed(runId: string, seq: number): LoggedEvent {
  return { type: 'run.completed', time: seq, runId, phase: 'Succeeded', usage: { input: 0, output: 0, total: 0 }, durationMs: 1, seq };
}
function step(runId: string, seq: number): LoggedEvent {
  return { type: 'step.started', time: seq, runId, step: 'a', attempt: 1, iteration: 1, seq };
}

async function collect(iterable: AsyncIterable<LoggedEvent>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const event of iterable) seqs.push(event.seq);
  return seqs;
}

export function eventLogContract(name: string, create: () => Promise<EventLog>): void {
  describe(`${name}: EventLog contract`, () => {
    it('reads a run back in order, from a position, up to a limit', async () => {
      const log = await create();
      await log.append('r', [started('r', 1), step('r', 2)]);
      await log.append('r', [step('r', 3), completed('r', 4)]);
      await log.append('other', [started('other', 1)]);
      expect((await log.read('r')).map((event) => event.seq)).toEqual([1, 2, 3, 4]);
      expect((await log.read('r', { after: 2 })).map((event) => event.seq)).toEqual([3, 4]);
      expect((await log.read('r', { after: 1, limit: 2 })).map((event) => event.seq)).toEqual([2, 3]);
      expect(await log.read('r', { after: 4 })).toEqual([]);
      expect(await log.lastSeq('r')).toBe(4);
      expect(await log.lastSeq('nobody')).toBe(0);
      expect((await log.read('r'))[0]).toEqual(started('r', 1));
    });

    it('follows new events until the run completes', async () => {
      const log = await create();
      await log.append('f', [started('f', 1)]);
      const following = collect(log.follow('f', 0, new AbortController().signal));
      await new Promise((resolve) => setImmediate(resolve));
      await log.append('f', [step('f', 2)]);
      await new Promise((resolve) => setImmediate(resolve));
      await log.append('f', [completed('f', 3)]);
      expect(await following).toEqual([1, 2, 3]);
    });

    it('follows from a position, and a completed run ends at once', async () => {
      const log = await create();
      await log.append('c', [started('c', 1), step('c', 2), completed('c', 3)]);
      expect(await collect(log.follow('c', 1, new AbortController().signal))).toEqual([2, 3]);
      expect(await collect(log.follow('c', 3, new AbortController().signal))).toEqual([]);
    });

    it('stops following when the signal fires', async () => {
      const log = await create();
      await log.append('s', [started('s', 1)]);
      const abort = new AbortController();
      const following = collect(log.follow('s', 0, abort.signal));
      await new Promise((resolve) => setImmediate(resolve));
      abort.abort();
      expect(await following).toEqual([1]);
    });
  });
}
