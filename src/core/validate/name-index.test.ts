import { describe, expect, it } from 'vitest';
import { firstIndexes } from './name-index.js';

describe('firstIndexes', () => {
  const names = ['b', 'a', 'b', 'é', 'A', 'a', '', 'ab'];
  const index = firstIndexes(names, (name) => name);

  it('finds the first entry of each name, as a Map filled in order would', () => {
    const expected = new Map<string, number>();
    names.forEach((name, i) => { if (!expected.has(name)) expected.set(name, i); });
    for (const [name, first] of expected) expect(index.get(name)).toBe(first);
    expect([...index.keys()]).toEqual([...expected.keys()]);
  });

  it('knows no other name', () => {
    for (const name of ['c', 'B', 'a ', 'abc', 'e']) {
      expect(index.get(name)).toBeUndefined();
      expect(index.has(name)).toBe(false);
    }
    expect(index.has('é')).toBe(true);
    const empty = firstIndexes([], String);
    expect(empty.get('a')).toBeUndefined();
    expect([...empty.keys()]).toEqual([]);
  });

  it('reads a name through the function given, over 20,000 entries', () => {
    const steps = Array.from({ length: 20_000 }, (_, i) => ({ role: `role-${i % 15_000}` }));
    const byRole = firstIndexes(steps, (step) => step.role);
    expect(byRole.get('role-14999')).toBe(14_999);
    expect(byRole.get('role-3')).toBe(3);
    expect(byRole.get('role-15000')).toBeUndefined();
    expect([...byRole.keys()]).toHaveLength(15_000);
  });
});
