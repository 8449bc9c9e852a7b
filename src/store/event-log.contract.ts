// The behaviour every EventLog adapter must show (memory here; Redis Streams in the
// cluster). Each adapter's test file calls eventLogContract() with a factory.
import { describe, expect, it } from 'vitest';
import type { EventLog } from '../engine/event-log.js';
import type { LoggedEvent } from '../engine/events.js';

function started(runId: string, seq: number): LoggedEvent {
  return { type: 'run.started', time: seq, runId, team: 't', steps: ['a'], seq };
}
function completed(runId: string, seq: number, phase: 'Succeeded' | 'Cancelled' = 'Succeeded'): LoggedEvent {
  return { type: 'run.completed', time: seq, runId, phase, usage: { input: 0, output: 0, total: 0 }, durationMs: 1, seq };
}
function step(runId: string, seq: number): LoggedEvent {
  return { type: 'step.started', time: seq, runId, step: 'a', attempt: 1, iteration: 1, seq };
}
/** What a runtime appends when the task of a cancelled run stops: it may land after run.completed. */
function taskFailed(runId: string, seq: number): LoggedEvent {
  return { type: 'task.failed', time: seq, runId, step: 'a', taskId: `${runId}/a/1/1`, error: 'cancelled', seq };
}

async function collect(iterable: AsyncIterable<LoggedEvent>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const event of iterable) seqs.push(event.seq);
  return seqs;
}

/** Follows for at most `ms`: the seqs delivered, and whether the follow ended by itself. */
async function followFor(log: EventLog, runId: string, after: number, ms = 2_000): Promise<{ seqs: number[]; ended: boolean }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    const seqs = await collect(log.follow(runId, after, abort.signal));
    return { seqs, ended: !abort.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

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

    it('waits for a run whose log does not exist yet, then follows it to its end', async () => {
      const log = await create();
      const following = followFor(log, 'late', 0);
      await turn();
      await log.append('late', [started('late', 1)]);
      await turn();
      await log.append('late', [completed('late', 2)]);
      expect(await following).toEqual({ seqs: [1, 2], ended: true });
    });

    it('ends at run.completed when a cancelled task reports after it, in the same append', async () => {
      const log = await create();
      await log.append('x', [started('x', 1), step('x', 2)]);
      const following = followFor(log, 'x', 0);
      await turn();
      await log.append('x', [completed('x', 3, 'Cancelled'), taskFailed('x', 4)]);
      expect(await following).toEqual({ seqs: [1, 2, 3], ended: true });
    });

    it('ends at run.completed when a cancelled task reports after it, in a later append', async () => {
      const log = await create();
      await log.append('y', [started('y', 1), step('y', 2)]);
      const following = followFor(log, 'y', 0);
      await turn();
      await log.append('y', [completed('y', 3, 'Cancelled')]);
      await log.append('y', [taskFailed('y', 4)]);
      expect(await following).toEqual({ seqs: [1, 2, 3], ended: true });
    });

    it('a run that ended before the follow started ends it, whatever was appended after its end', async () => {
      const log = await create();
      await log.append('z', [started('z', 1), completed('z', 2, 'Cancelled'), taskFailed('z', 3)]);
      expect(await followFor(log, 'z', 0)).toEqual({ seqs: [1, 2, 3], ended: true });
      expect(await followFor(log, 'z', 1)).toEqual({ seqs: [2, 3], ended: true });
      expect(await followFor(log, 'z', 3)).toEqual({ seqs: [], ended: true });
      expect(await log.ended('z')).toBe(true);
    });

    it('a retried run is followed past its earlier end, to the end of the retry', async () => {
      const log = await create();
      await log.append('again', [started('again', 1), completed('again', 2), started('again', 3)]);
      expect(await log.ended('again')).toBe(false);
      const following = followFor(log, 'again', 0);
      const fromTheRetry = followFor(log, 'again', 3);
      await turn();
      await log.append('again', [step('again', 4), completed('again', 5)]);
      expect(await following).toEqual({ seqs: [1, 2, 3, 4, 5], ended: true });
      expect(await fromTheRetry).toEqual({ seqs: [4, 5], ended: true });
      expect(await log.ended('again')).toBe(true);
      expect(await log.ended('nobody')).toBe(false);
    });
  });
}
