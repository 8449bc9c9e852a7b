import { describe, expect, it } from 'vitest';
import { checkRunImmutable, validateRunInput } from './run.js';
import { coerceInput } from './inputs.js';
import { lines, teamSpec } from './testing.js';

const declared = teamSpec((s) => {
  s.inputs = [
    { name: 'topic', required: true },
    { name: 'depth', type: 'integer', default: 2 },
    { name: 'ratio', type: 'number' },
    { name: 'draft', type: 'boolean', default: false },
    { name: 'tags', type: 'array' },
    { name: 'meta', type: 'object' },
  ];
  s.input = { audience: 'engineers' };
});

describe('validateRunInput', () => {
  it('merges declared and older-map defaults with the given input', () => {
    const result = validateRunInput(declared, { topic: 'AI', depth: 4 });
    expect(result.issues).toEqual([]);
    expect(result.input).toEqual({ topic: 'AI', depth: 4, draft: false, audience: 'engineers' });
  });

  it('converts CLI text to the declared types', () => {
    const result = validateRunInput(declared, {
      topic: 'AI', depth: '3', ratio: '0.5', draft: 'true', tags: '["a","b"]', meta: '{"k":1}', audience: 'ops',
    });
    expect(result.issues).toEqual([]);
    expect(result.input).toEqual({ topic: 'AI', depth: 3, ratio: 0.5, draft: true, tags: ['a', 'b'], meta: { k: 1 }, audience: 'ops' });
  });

  it('rejects missing required inputs, naming them', () => {
    const result = validateRunInput(declared, {});
    expect(lines(result.issues)).toEqual(['error: spec.input: missing required input: topic; fix: set spec.input.topic']);
  });

  it('rejects values of the wrong type', () => {
    const result = validateRunInput(declared, { topic: 'AI', depth: '2.5', draft: 'yes', tags: '{}' });
    expect(lines(result.issues)).toEqual([
      'error: spec.input.depth: expected integer, got string "2.5"; fix: give an integer value',
      'error: spec.input.draft: expected boolean, got string "yes"; fix: give a boolean value',
      'error: spec.input.tags: expected array, got string "{}"; fix: give an array value',
    ]);
  });

  it('warns about names the team does not declare and keeps them', () => {
    const result = validateRunInput(declared, { topic: 'AI', topc: 'x' });
    expect(lines(result.issues)).toEqual([
      'warning: spec.input.topc: unknown input "topc" (the team declares topic, depth, ratio, draft, tags, meta, audience); fix: did you mean "topic"?',
    ]);
    expect(result.input['topc']).toBe('x');
  });

  it('copies defaults so runs do not share objects', () => {
    const team = teamSpec((s) => { s.inputs = [{ name: 'opts', type: 'object', default: { a: 1 } }]; });
    const first = validateRunInput(team);
    (first.input['opts'] as Record<string, number>)['a'] = 2;
    expect(validateRunInput(team).input).toEqual({ opts: { a: 1 } });
  });
});

describe('coerceInput', () => {
  it('converts only what is unambiguous', () => {
    expect(coerceInput('integer', '7')).toEqual({ value: 7 });
    expect(coerceInput('integer', '')).toBeUndefined();
    expect(coerceInput('number', '1e3')).toEqual({ value: 1000 });
    expect(coerceInput('number', '0x10')).toBeUndefined();
    expect(coerceInput('string', 3)).toEqual({ value: '3' });
    expect(coerceInput('string', { a: 1 })).toBeUndefined();
    expect(coerceInput('boolean', 'TRUE')).toBeUndefined();
    expect(coerceInput('object', '[1]')).toBeUndefined();
    expect(coerceInput('number', '2.')).toEqual({ value: 2 });
    expect(coerceInput('number', `${'1'.repeat(50_000)}x`)).toBeUndefined();
  });
});

describe('checkRunImmutable', () => {
  const admitted = { teamRef: { name: 't' }, input: { topic: 'AI', tags: ['a'] }, teamGeneration: 3 };

  it('accepts an unchanged spec', () => {
    expect(checkRunImmutable(admitted, structuredClone(admitted))).toEqual([]);
  });

  it('reports every changed path', () => {
    const changed = { ...admitted, input: { topic: 'ML', tags: ['a', 'b'], extra: 1 } };
    expect(lines(checkRunImmutable(admitted, changed))).toEqual([
      'error: spec.input.topic: an ArkRun is immutable once admitted; fix: create a new ArkRun',
      'error: spec.input.tags: an ArkRun is immutable once admitted; fix: create a new ArkRun',
      'error: spec.input.extra: an ArkRun is immutable once admitted; fix: create a new ArkRun',
    ]);
    expect(lines(checkRunImmutable(admitted, { teamRef: { name: 't' } })).map((line) => line.split(':')[1])).toEqual([
      ' spec.input', ' spec.teamGeneration',
    ]);
  });

  it('summarises large changes', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const issues = checkRunImmutable({ input: {} }, { input: many });
    expect(issues).toHaveLength(21);
    expect(issues[20]?.message).toBe('10 more fields changed');
  });
});

describe('validateRunInput: names and numbers it refuses', () => {
  it('takes prompt, the main input, without a declaration or a warning', () => {
    expect(validateRunInput(declared, { topic: 't', prompt: 'p' })).toMatchObject({ issues: [], missing: [], input: { prompt: 'p' } });
  });

  it('refuses names a JavaScript object cannot hold as data', () => {
    const given = JSON.parse('{"topic":"t","__proto__":1,"constructor":2}') as Record<string, unknown>;
    const result = validateRunInput(declared, given);
    expect(lines(result.issues)).toEqual([
      'error: spec.input.__proto__: "__proto__" cannot be an input name: it is reserved by JavaScript objects and would be dropped; fix: rename the input',
      'error: spec.input.constructor: "constructor" cannot be an input name: it is reserved by JavaScript objects and would be dropped; fix: rename the input',
    ]);
    expect(Object.hasOwn(result.input, '__proto__')).toBe(false);
  });

  it('refuses integers beyond 2^53 given as text or as a number, and names missing inputs', () => {
    const result = validateRunInput(declared, { depth: '99999999999999999999', ratio: 1e20 });
    expect(lines(result.issues)).toEqual([
      'error: spec.input.depth: 99999999999999999999 is beyond ±2^53 (9007199254740991), where integers lose precision; fix: give a smaller integer, or declare the input as type: string',
      'error: spec.input.ratio: 100000000000000000000 is beyond ±2^53 (9007199254740991), where integers lose precision; fix: give a smaller integer, or declare the input as type: string',
      'error: spec.input: missing required input: topic; fix: set spec.input.topic',
    ]);
    expect(result.missing).toEqual(['topic']);
    expect(validateRunInput(declared, { topic: 't', depth: '9007199254740991' }).input.depth).toBe(9007199254740991);
  });
});
