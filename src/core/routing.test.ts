import { describe, expect, it } from 'vitest';
import { ROUTING_STRATEGIES, type RoutingStrategy } from '../api/index.js';
import { choosePod, type PodState, type RoutingState } from './routing.js';

const now = 1_000_000;
const live = (pod: string, active = 0): PodState => ({ pod, ready: true, active, expiresAt: now + 3_000 });
const state = (): RoutingState => ({ cursor: 0, random: Math.random });

describe('choosePod', () => {
  it('never picks a pod that is not ready or whose heartbeat expired, whatever the strategy', () => {
    const pods = [live('a', 9), { ...live('b'), ready: false }, { ...live('c'), expiresAt: now }, live('d', 5)];
    for (const strategy of ROUTING_STRATEGIES) {
      const routing = state();
      const picks = new Set(Array.from({ length: 1_000 }, () => choosePod(strategy, pods, now, routing)));
      expect([...picks].every((pod) => pod === 'a' || pod === 'd')).toBe(true);
    }
  });

  it('answers undefined (the shared queue) when no pod is eligible', () => {
    for (const strategy of ROUTING_STRATEGIES) expect(choosePod(strategy, [{ ...live('a'), ready: false }], now, state())).toBeUndefined();
  });

  it('round-robin cycles in name order; least-busy takes the fewest active; random stays in range', () => {
    const pods = [live('b', 2), live('a', 1), live('c', 0)];
    const routing = state();
    expect(Array.from({ length: 4 }, () => choosePod('round-robin', pods, now, routing))).toEqual(['a', 'b', 'c', 'a']);
    expect(choosePod('least-busy', pods, now, state())).toBe('c');
    expect(choosePod('random', pods, now, { cursor: 0, random: () => 0.999999 })).toBe('c');
    expect(choosePod('random', pods, now, { cursor: 0, random: () => 0 })).toBe('a');
  });

  it('least-busy balances uneven task lengths far better than round-robin', () => {
    const roundRobin = simulate('round-robin');
    const leastBusy = simulate('least-busy');
    // 3 pods at two thirds of their capacity, one task every 10 ms, every third task 50 ms
    // long and the others 5 ms: round-robin sends every long task to the same pod, whose
    // backlog grows without end (mean 350 ms from arrival to completion); least-busy
    // keeps the mean at 20 ms.
    expect(roundRobin.meanMs).toBeGreaterThan(300);
    expect(leastBusy.meanMs).toBeLessThan(30);
    expect(leastBusy.meanMs * 10).toBeLessThan(roundRobin.meanMs);
  });
});

/** Mean time from arrival to completion of 300 tasks on 3 one-at-a-time pods. */
function simulate(strategy: RoutingStrategy): { meanMs: number } {
  const finishes: number[][] = [[], [], []];
  const routing = state();
  let total = 0;
  for (let i = 0; i < 300; i++) {
    const at = i * 10;
    const length = i % 3 === 0 ? 50 : 5;
    const pods = finishes.map((done, index) => live(`p${index}`, done.filter((end) => end > at).length));
    const chosen = Number(choosePod(strategy, pods, now, routing)!.slice(1));
    const start = Math.max(at, finishes[chosen]!.at(-1) ?? 0);
    finishes[chosen]!.push(start + length);
    total += start + length - at;
  }
  return { meanMs: total / 300 };
}
