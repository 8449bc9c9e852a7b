import { describe, expect, it } from 'vitest';
import { FakeClock } from '../engine/fake-clock.js';
import { RetryableError, TerminalError } from './result.js';
import type { ReconcileResult } from './result.js';
import { WorkQueue } from './work-queue.js';
import type { QueueObserver } from './work-queue.js';

/** A queue whose processing of each key is held until the test releases it. */
function harness(behave: (key: string, call: number) => ReconcileResult | void | Error = () => undefined) {
  const clock = new FakeClock();
  const calls: string[] = [];
  const errors: string[] = [];
  const inFlight = new Map<string, number>();
  let maxConcurrentSameKey = 0;
  const counts = new Map<string, number>();
  const gates: (() => void)[] = [];
  let held = false;
  const observed = { added: 0, retried: 0, depths: [] as number[], outcomes: [] as string[] };
  const observer: QueueObserver = {
    added: () => observed.added++,
    depth: (depth) => observed.depths.push(depth),
    queued: () => undefined,
    worked: (_seconds, outcome) => observed.outcomes.push(outcome),
    retried: () => observed.retried++,
  };
  const queue = new WorkQueue({
    clock, observer, workers: 2, baseDelayMs: 100, maxDelayMs: 1_000,
    onError: (key, error) => errors.push(`${key}: ${(error as Error).message}`),
    async process(key) {
      calls.push(key);
      const call = (counts.get(key) ?? 0) + 1;
      counts.set(key, call);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      maxConcurrentSameKey = Math.max(maxConcurrentSameKey, inFlight.get(key) ?? 0);
      if (held) await new Promise<void>((resolve) => gates.push(resolve));
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      const outcome = behave(key, call);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  });
  return {
    clock, queue, calls, errors, observed,
    hold: () => { held = true; },
    release: () => { held = false; for (const gate of gates.splice(0)) gate(); },
    maxConcurrentSameKey: () => maxConcurrentSameKey,
  };
}

describe('WorkQueue', () => {
  it('processes a key added many times while it waits once', async () => {
    const h = harness();
    h.hold();
    h.queue.add('busy/a');
    h.queue.add('busy/b');
    for (let i = 0; i < 5; i++) h.queue.add('ns/c');
    h.release();
    await h.clock.advance(0);
    await h.queue.idle();
    expect(h.calls.filter((key) => key === 'ns/c')).toHaveLength(1);
    expect(h.observed.added).toBe(3);
  });

  it('never processes one key twice at once, and runs it again when added during processing', async () => {
    const h = harness();
    h.hold();
    h.queue.add('ns/a');
    await h.clock.advance(0);
    h.queue.add('ns/a');
    h.queue.add('ns/a');
    h.release();
    await h.clock.advance(0);
    h.release();
    await h.clock.advance(0);
    await h.queue.idle();
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    expect(h.maxConcurrentSameKey()).toBe(1);
  });

  it('retries a failing key with exponential backoff up to the cap, and resets after a success', async () => {
    const h = harness((_key, call) => (call <= 6 ? new RetryableError(`apiserver down (call ${call})`) : undefined));
    h.queue.add('ns/a');
    await h.clock.advance(0);
    expect(h.calls).toHaveLength(1);
    // Delays 100, 200, 400, 800, then the 1000 ms cap.
    for (const [wait, total] of [[99, 1], [1, 2], [199, 2], [1, 3], [400, 4], [800, 5], [999, 5], [1, 6], [1_000, 7]] as const) {
      await h.clock.advance(wait);
      expect(h.calls, `after +${wait} ms`).toHaveLength(total);
    }
    expect(h.queue.failuresOf('ns/a')).toBe(0);
    expect(h.observed.retried).toBe(6);
    expect(h.errors[0]).toBe('ns/a: apiserver down (call 1)');
  });

  it('does not retry a terminal error, but reports it', async () => {
    const h = harness(() => new TerminalError('spec.model: required'));
    h.queue.add('ns/bad');
    await h.clock.advance(60_000);
    expect(h.calls).toEqual(['ns/bad']);
    expect(h.errors).toEqual(['ns/bad: spec.model: required']);
    expect(h.observed.outcomes).toEqual(['terminal']);
  });

  it('re-queues a key after requeueAfter, and an earlier delay of the same key wins', async () => {
    const h = harness((key, call) => (call === 1 ? { requeueAfter: key === 'ns/a' ? 5_000 : 1_000 } : undefined));
    h.queue.add('ns/a');
    await h.clock.advance(0);
    h.queue.addAfter('ns/a', 10_000);
    await h.clock.advance(4_999);
    expect(h.calls).toEqual(['ns/a']);
    await h.clock.advance(1);
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    await h.clock.advance(20_000);
    expect(h.calls).toEqual(['ns/a', 'ns/a']);
    expect(h.observed.outcomes).toEqual(['requeue_after', 'success']);
  });

  it('reports depth, and takes nothing after stop', async () => {
    const h = harness();
    h.hold();
    for (const key of ['a/1', 'a/2', 'a/3', 'a/4']) h.queue.add(key);
    expect(h.queue.depth).toBe(2);
    expect(Math.max(...h.observed.depths)).toBe(2);
    h.queue.addAfter('a/5', 100);
    const stopped = h.queue.stop();
    h.release();
    await stopped;
    await h.clock.advance(1_000);
    h.queue.add('a/6');
    expect(h.calls).toEqual(['a/1', 'a/2']);
  });
});
