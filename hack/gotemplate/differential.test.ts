import { describe, expect, it } from 'vitest';
import type { Case } from './corpus/cases.js';
import { differentialCorpus } from './corpus/cases.js';
import { randomCases } from './corpus/random.js';
import { classify, renderOurs } from './differential.js';

const kase = (template: string, data: unknown = {}, deviation?: string): Case => ({ id: 't', template, data, ...(deviation ? { deviation } : {}) });

describe('classify', () => {
  it('matches equal output and any two failures', () => {
    expect(classify(kase('x'), { output: 'x' }, { output: 'x' })).toEqual({ kind: 'match' });
    expect(classify(kase('x'), { error: 'a', phase: 'exec' }, { error: 'b', phase: 'parse', templateError: true })).toEqual({ kind: 'match' });
  });

  it('explains <no value> and Go-printed lists and maps, also together', () => {
    expect(classify(kase(''), { output: 'a<no value>b' }, { output: 'ab' })).toEqual({ kind: 'deviation', ids: ['missing-value'] });
    expect(classify(kase(''), { output: 'x [a 1] map[k:[v]]' }, { output: 'x ["a",1] {"k":["v"]}' })).toEqual({ kind: 'deviation', ids: ['composite-json'] });
    expect(classify(kase(''), { output: '<no value>[a]' }, { output: '["a"]' })).toEqual({ kind: 'deviation', ids: ['missing-value', 'composite-json'] });
  });

  it('explains Go failures and our failures by their signs', () => {
    expect(classify(kase(''), { error: 'error calling lt: incompatible types for comparison: float64 and int', phase: 'exec' }, { output: 'true' })).toEqual({ kind: 'deviation', ids: ['mixed-number-compare'] });
    expect(classify(kase(''), { output: '%!d(float64=3)' }, { output: '3' })).toEqual({ kind: 'deviation', ids: ['one-number-type'] });
    expect(classify(kase(''), { output: 'a' }, { error: 'line 1, column 3: unknown function "wrap"', phase: 'parse', templateError: true })).toEqual({ kind: 'deviation', ids: ['sprig-subset'] });
  });

  it('reports anything else as a mismatch, unless the case names its deviation', () => {
    expect(classify(kase(''), { output: 'a' }, { output: 'b' })).toEqual({ kind: 'mismatch' });
    expect(classify(kase('', {}, 'extensions'), { output: 'a' }, { output: 'b' })).toEqual({ kind: 'deviation', ids: ['extensions'] });
  });
});

describe('renderOurs', () => {
  it('tells parse failures from render failures', () => {
    expect(renderOurs(kase('{{ .a }}', { a: 1 }))).toEqual({ output: '1' });
    expect(renderOurs(kase('{{'))).toMatchObject({ phase: 'parse', templateError: true });
    expect(renderOurs(kase('{{ len 1 }}'))).toMatchObject({ phase: 'exec', templateError: true });
  });
});

describe('the corpus', () => {
  it('has unique ids, and the random set is the same for the same seed', () => {
    const ids = differentialCorpus().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomCases(1, 50)).toEqual(randomCases(1, 50));
    expect(randomCases(1, 50)).not.toEqual(randomCases(2, 50));
  });
});
