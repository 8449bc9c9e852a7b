import { describe, expect, it } from 'vitest';
import { findCycles, formatCycle, lazyReachable } from './graph.js';

const edges = new Map([
  ['d', ['b', 'c']],
  ['b', ['a']],
  ['c', ['a']],
  ['a', []],
  ['x', []],
]);

describe('lazyReachable', () => {
  it('answers direct and transitive ancestors, and nothing else', () => {
    const fromD = lazyReachable(edges, 'd');
    expect(fromD.has('b')).toBe(true);
    expect(fromD.has('a')).toBe(true);
    expect(fromD.has('x')).toBe(false);
    expect(fromD.has('d')).toBe(false);
    expect(lazyReachable(edges, 'a').has('b')).toBe(false);
  });

  it('walks a 20,000-step chain without recursion', () => {
    const chain = new Map(Array.from({ length: 20_000 }, (_, i) => [`s${i}`, i === 0 ? [] : [`s${i - 1}`]]));
    const reach = lazyReachable(chain, 's19999');
    expect(reach.has('s0')).toBe(true);
    expect(reach.has('s19998')).toBe(true);
    expect(reach.has('s19999')).toBe(false);
  });
});

describe('findCycles', () => {
  it('finds a cycle and formats its path', () => {
    const cyclic = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]);
    const cycles = findCycles(cyclic);
    expect(cycles).toHaveLength(1);
    expect(formatCycle(cycles[0]!)).toMatch(/^(a|b|c) → .* → \1$/);
    expect(findCycles(edges)).toEqual([]);
  });
});
