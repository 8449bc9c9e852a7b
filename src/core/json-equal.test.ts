import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json-equal.js';

describe('jsonEqual', () => {
  it('ignores key order and undefined-valued keys, as JSON does', () => {
    expect(jsonEqual({ a: 1, b: [{ c: 'x', d: undefined }] }, { b: [{ c: 'x' }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: undefined }, {})).toBe(true);
  });

  it('tells apart different values, lengths, kinds and null', () => {
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});
