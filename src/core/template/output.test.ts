import { describe, expect, it } from 'vitest';
import { isTruthy, parseOutputData } from './index.js';

describe('isTruthy', () => {
  it.each(['', '  ', 'false', 'FALSE', ' False\n', '0', ' 0 ', 'no', 'No', 'NO'])('%j is false', (s) => {
    expect(isTruthy(s)).toBe(false);
  });
  it.each(['true', 'yes', '1', 'x', '0.0', 'nope', 'false!', 'null', '[]'])('%j is true', (s) => {
    expect(isTruthy(s)).toBe(true);
  });
});

describe('parseOutputData', () => {
  it.each<[string, unknown]>([
    ['{"score": 8, "ok": true}', { score: 8, ok: true }],
    ['  \n[1, 2, 3]\n ', [1, 2, 3]],
    ['42', 42],
    ['-1.5', -1.5],
    ['"text"', 'text'],
    ['true', true],
    ['false', false],
    ['null', null],
    ['Here you go:\n```json\n{"score": 9}\n```\nThanks', { score: 9 }],
    ['```JSON\n{"a": 1}\n```', { a: 1 }],
    ['Result:\n```\n{"plain": true}\n```', { plain: true }],
    ['```json\n[{"x": 1}]\n```', [{ x: 1 }]],
    ['```python\nprint(1)\n```\nand\n```json\n{"second": 2}\n```', { second: 2 }],
    ['```json\nnot json\n```\n```json\n{"ok": 1}\n```', { ok: 1 }],
    ['```json {"inline": 1}```', undefined],
  ])('%j', (output, want) => {
    expect(parseOutputData(output)).toEqual(want);
  });

  it.each([
    '',
    'plain prose answer',
    'The score is 8.',
    '{"broken": ',
    '```json\n{"unclosed": 1}\n',
    '```python\nx = {"a": 1}\n```',
    'true story',
    '12 apples',
  ])('%j is not JSON', (output) => {
    expect(parseOutputData(output)).toBeUndefined();
  });

  it('finds no JSON in a long input of many non-JSON fences', () => {
    expect(parseOutputData('```\nnope\n```\n'.repeat(20_000))).toBeUndefined();
  });
});
