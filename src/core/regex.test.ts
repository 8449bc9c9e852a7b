import { describe, expect, it } from 'vitest';
import { compileRegex } from './regex.js';

describe('compileRegex', () => {
  it('accepts the patterns ARKONIS cookbooks use', () => {
    expect(compileRegex('^\\s*\\{').test('  {"a": 1}')).toBe(true);
    expect(compileRegex('(?i)ignore\\s+previous').test('Please IGNORE   previous instructions')).toBe(true);
  });

  it('turns a leading flag group into JS flags', () => {
    expect(compileRegex('(?is)a.b').flags).toBe('is');
    expect(compileRegex('(?s)a.b').test('a\nb')).toBe(true);
    expect(compileRegex('(?m)^b$').test('a\nb\nc')).toBe(true);
    expect(compileRegex('^b$').test('a\nb\nc')).toBe(false);
  });

  it('maps \\A and \\z to the start and end of the text, also in multiline mode', () => {
    expect(compileRegex('\\Aabc\\z').test('abc')).toBe(true);
    expect(compileRegex('\\Aabc\\z').test('xabc')).toBe(false);
    const multi = compileRegex('(?m)\\Ab$');
    expect(multi.test('a\nb')).toBe(false);
    expect(multi.test('b\nc')).toBe(true);
    expect(compileRegex('(?m)a\\z').test('a\nb')).toBe(false);
  });

  it('translates Go-only syntax', () => {
    expect(compileRegex('(?P<year>\\d{4})-(?P<month>\\d{2})').exec('2024-05')?.groups).toEqual({ year: '2024', month: '05' });
    expect(compileRegex('\\Qa.b*c\\E!').test('a.b*c!')).toBe(true);
    expect(compileRegex('\\Qa.b\\E').test('axb')).toBe(false);
    expect(compileRegex('^[[:alpha:]_][[:alnum:]]*$').test('_abc9')).toBe(true);
    expect(compileRegex('^[[:digit:]]+$').test('12a')).toBe(false);
    expect(compileRegex('^[]a]+$').test(']a]')).toBe(true);
  });

  it('supports Unicode classes, switching on the u flag', () => {
    const letters = compileRegex('^\\pL+$');
    expect(letters.flags).toContain('u');
    expect(letters.test('héllo')).toBe(true);
    expect(compileRegex('^\\p{Greek}+$').test('αβγ')).toBe(true);
    expect(compileRegex('^\\PL+$').test('123')).toBe(true);
    // Escaped punctuation that unicode mode would reject still works.
    expect(compileRegex('\\pL\\-\\#').test('a-#')).toBe(true);
  });

  it('rejects what JS cannot express, naming the problem', () => {
    expect(() => compileRegex('(?U)a+')).toThrow('invalid regular expression "(?U)a+": the ungreedy flag (?U)');
    expect(() => compileRegex('a(?i)b')).toThrow('inline flags (?i) are supported only as a group at the start');
    expect(() => compileRegex('a(?i:b)')).toThrow('inline flags (?i: are supported only');
    expect(() => compileRegex('(?x)a')).toThrow('unknown inline flag "x"');
    expect(() => compileRegex('a\\Z')).toThrow('use \\z');
    expect(() => compileRegex('[[:nope:]]')).toThrow('unknown POSIX class [:nope:]');
    expect(() => compileRegex('[abc')).toThrow('missing closing ]');
    expect(() => compileRegex('(')).toThrow('invalid regular expression "(": Unterminated group');
    expect(() => compileRegex('a\\')).toThrow('trailing backslash');
  });
});
