import { describe, expect, it } from 'vitest';
import { ancestry, findCycles, formatCycle } from './graph.js';

const edges = new Map([
  ['d', ['b', 'c']],
  ['b', ['a']],
  ['c', ['a']],
  ['a', []],
  ['x', []],
]);

describe('ancestry', () => {
  it('answers direct and transitive ancestors, and nothing else', () => {
    const fromD = ancestry(edges).ancestorsOf('d');
    expect(fromD.has('b')).toBe(true);
    expect(fromD.has('a')).toBe(true);
    expect(fromD.has('x')).toBe(false);
    expect(fromD.has('d')).toBe(false);
    expect(ancestry(edges).ancestorsOf('a').has('b')).toBe(false);
    expect(ancestry(edges).ancestorsOf('unknown').has('a')).toBe(false);
  });

  it('walks a 20,000-step chain without recursion, from either end', () => {
    const chain = new Map(Array.from({ length: 20_000 }, (_, i) => [`s${i}`, i === 0 ? [] : [`s${i - 1}`]]));
    const family = ancestry(chain);
    expect(family.ancestorsOf('s1').has('s0')).toBe(true);
    const reach = family.ancestorsOf('s19999');
    expect(reach.has('s0')).toBe(true);
    expect(reach.has('s19998')).toBe(true);
    expect(reach.has('s19999')).toBe(false);
  });
});

it('terminates on cycles and still answers what precedes them', () => {
  const cyclic = new Map([['a', ['b']], ['b', ['a', 'c']], ['c', []]]);
  const family = ancestry(cyclic);
  expect(family.ancestorsOf('a').has('c')).toBe(true);
  expect(family.ancestorsOf('c').has('a')).toBe(false);
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
