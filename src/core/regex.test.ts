import { describe, expect, it } from 'vitest';
import { compileRegex, RegexError } from './regex.js';

const matches = (pattern: string, text: string): boolean => compileRegex(pattern).test(text);

describe('compileRegex: the Go / RE2 dialect', () => {
  it('accepts the patterns ARKONIS cookbooks use', () => {
    expect(matches('^\\s*\\{', '  {"a": 1}')).toBe(true);
    expect(matches('(?i)ignore\\s+previous', 'Please IGNORE   previous instructions')).toBe(true);
  });

  it('reads flags anywhere, as groups too: (?i) (?s) (?m) (?U)', () => {
    expect(matches('(?s)a.b', 'a\nb')).toBe(true);
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('(?m)^b$', 'a\nb\nc')).toBe(true);
    expect(matches('^b$', 'a\nb\nc')).toBe(false);
    expect(matches('a(?i)b', 'aB')).toBe(true);
    expect(matches('a(?i:b)c', 'aBc')).toBe(true);
    expect(matches('a(?i:b)c', 'aBC')).toBe(false);
    expect(compileRegex('(?U)a+').find('aaa')).toBe('a');
    expect(compileRegex('a+').find('aaa')).toBe('aaa');
  });

  it('anchors \\A and \\z to the text, also in multiline mode; $ is the end of the text', () => {
    expect(matches('\\Aabc\\z', 'abc')).toBe(true);
    expect(matches('\\Aabc\\z', 'xabc')).toBe(false);
    expect(matches('(?m)\\Ab$', 'a\nb')).toBe(false);
    expect(matches('(?m)\\Ab$', 'b\nc')).toBe(true);
    expect(matches('(?m)a\\z', 'a\nb')).toBe(false);
    // Unlike Perl, `$` without (?m) does not match before a final newline.
    expect(matches('a$', 'a\n')).toBe(false);
  });

  it('knows named groups, \\Q…\\E, POSIX and Unicode classes', () => {
    expect(compileRegex('(?P<year>\\d{4})-(?P<month>\\d{2})').replaceAll('on 2024-05', '${month}/$year')).toBe('on 05/2024');
    expect(compileRegex('(?<year>\\d{4})').replaceAll('2024', '<$year>')).toBe('<2024>');
    expect(matches('\\Qa.b*c\\E!', 'a.b*c!')).toBe(true);
    expect(matches('\\Qa.b\\E', 'axb')).toBe(false);
    expect(matches('^[[:alpha:]_][[:alnum:]]*$', '_abc9')).toBe(true);
    expect(matches('^[[:digit:]]+$', '12a')).toBe(false);
    expect(matches('^[[:^alpha:]]+$', '12-3')).toBe(true);
    expect(matches('^[]a]+$', ']a]')).toBe(true);
    expect(matches('^\\pL+$', 'héllo')).toBe(true);
    expect(matches('^\\p{Greek}+$', 'αβγ')).toBe(true);
    expect(matches('^\\PL+$', '123')).toBe(true);
    expect(matches('^\\x{e9}$', 'é')).toBe(true);
    expect(matches('\\pL\\-\\#', 'a-#')).toBe(true);
  });

  it('matches code points, not UTF-16 units', () => {
    expect(matches('^.$', '😀')).toBe(true);
    expect(compileRegex('x*').findAll('😀', -1)).toEqual(['', '']);
  });

  it('keeps the source, which is also its string form', () => {
    const re = compileRegex('^a+$');
    expect(re.source).toBe('^a+$');
    expect(String(re)).toBe('^a+$');
  });
});

// The examples of Go's regexp package documentation, with their documented results.
describe('Go regexp semantics', () => {
  it('find and findAll (FindString, FindAllString)', () => {
    expect(compileRegex('foo.?').find('seafood fool')).toBe('food');
    expect(compileRegex('foo.?').find('meat')).toBeUndefined();
    const re = compileRegex('a.');
    expect(re.findAll('paranormal', -1)).toEqual(['ar', 'an', 'al']);
    expect(re.findAll('paranormal', 2)).toEqual(['ar', 'an']);
    expect(re.findAll('graal', -1)).toEqual(['aa']);
    expect(re.findAll('none', -1)).toEqual([]);
    expect(re.findAll('paranormal', 0)).toEqual([]);
    // An empty match right after a match is skipped; anchors keep their meaning mid-text.
    expect(compileRegex('a*').findAll('baaac')).toEqual(['', 'aaa', '']);
    expect(compileRegex('^a').findAll('aaa')).toEqual(['a']);
  });

  it('replaceAll expands $1, ${1}, $name and $$ (ReplaceAllString)', () => {
    const re = compileRegex('a(x*)b');
    expect(re.replaceAll('-ab-axxb-', 'T')).toBe('-T-T-');
    expect(re.replaceAll('-ab-axxb-', '$1')).toBe('--xx-');
    // `$1W` names a group "1W", which does not exist, so it expands to nothing.
    expect(re.replaceAll('-ab-axxb-', '$1W')).toBe('---');
    expect(re.replaceAll('-ab-axxb-', '${1}W')).toBe('-W-xxW-');
    const named = compileRegex('a(?P<1W>x*)b');
    expect(named.replaceAll('-ab-axxb-', '$1W')).toBe('--xx-');
    expect(named.replaceAll('-ab-axxb-', '${1}W')).toBe('-W-xxW-');
    expect(re.replaceAll('-ab-', '$$1 $9 $ ${1')).toBe('-$1  $ ${1-');
    expect(compileRegex('a*').replaceAll('baaac', 'X')).toBe('XbXcX');
  });

  it('replaceAllLiteral inserts the replacement as is (ReplaceAllLiteralString)', () => {
    expect(compileRegex('a(x*)b').replaceAllLiteral('-ab-axxb-', '$1')).toBe('-$1-$1-');
  });

  it('split (Split)', () => {
    const a = compileRegex('a');
    expect(a.split('banana', -1)).toEqual(['b', 'n', 'n', '']);
    expect(a.split('apple', 0)).toEqual([]);
    expect(a.split('grape', 1)).toEqual(['grape']);
    expect(a.split('papaya', 2)).toEqual(['p', 'paya']);
    const zp = compileRegex('z+');
    expect(zp.split('pizza', -1)).toEqual(['pi', 'a']);
    expect(zp.split('pizza', 2)).toEqual(['pi', 'a']);
    expect(compileRegex('a*').split('abaabaccadaaae', 5)).toEqual(['', 'b', 'b', 'c', 'cadaaae']);
    expect(a.split('', -1)).toEqual(['']);
  });
});

describe('linear time', () => {
  // A backtracking engine needs seconds for these on 30 characters and longer than anyone
  // waits on 100 KB; the bound is generous so a loaded machine cannot make it flaky
  // (`npm run bench` reports the actual figure, a few milliseconds).
  const output = `${'a'.repeat(100_000)}!`;

  const withinASecond = <T>(operation: () => T): T => {
    const start = performance.now();
    const result = operation();
    expect(performance.now() - start).toBeLessThan(1000);
    return result;
  };

  it.each(['^(a+)+$', '(a|aa)+$', '(a*)*b', '^(\\w+\\s?)*$', '(.*a){10}!x'])('%s on 100 KB of output', (pattern) => {
    const re = compileRegex(pattern);
    expect(withinASecond(() => re.test(output))).toBe(false);
    expect(withinASecond(() => re.find(output))).toBeUndefined();
    expect(withinASecond(() => re.findAll(output))).toEqual([]);
    expect(withinASecond(() => re.replaceAll(output, 'x'))).toBe(output);
    expect(withinASecond(() => re.split(output))).toEqual([output]);
  });
});

describe('what RE2 refuses, with a fix', () => {
  const refusal = (pattern: string): RegexError => {
    try {
      compileRegex(pattern);
    } catch (err) {
      if (err instanceof RegexError) return err;
      throw err;
    }
    throw new Error(`${pattern} compiled`);
  };

  it.each<[string, string, string]>([
    ['ab(?=c)', 'invalid or unsupported Perl syntax: `(?=`', 'RE2 has no lookahead or lookbehind'],
    ['ab(?!c)', 'invalid or unsupported Perl syntax: `(?!`', 'RE2 has no lookahead or lookbehind'],
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`', 'RE2 has no lookahead or lookbehind'],
    ['(?<!a)b', 'invalid named capture: `(?<!a)b`', 'RE2 has no lookahead or lookbehind'],
    ['(a)\\1', 'invalid escape sequence: `\\1`', 'RE2 has no backreferences'],
    ['(?<q>a)\\k<q>', 'invalid escape sequence: `\\k`', 'RE2 has no backreferences'],
    ['(?P<q>a)(?P=q)', 'invalid or unsupported Perl syntax: `(?P`', 'RE2 has no backreferences'],
    ['a++', 'invalid nested repetition operator: `++`', 'RE2 has no possessive quantifiers'],
    ['a{2}+', 'invalid nested repetition operator: `{2}+`', 'RE2 has no possessive quantifiers'],
    ['a**', 'invalid nested repetition operator: `**`', 'use one repetition operator'],
    ['(?>a+)b', 'invalid or unsupported Perl syntax: `(?>`', 'RE2 has no atomic groups'],
    ['a(?#note)', 'invalid or unsupported Perl syntax: `(?#`', 'RE2 has no (?#…) comments'],
    ['(?x) a', 'invalid or unsupported Perl syntax: `(?x`', 'RE2 group flags are i, m, s and U'],
    ['a\\Z', 'invalid escape sequence: `\\Z`', 'write \\z for the end of the text'],
    ['\\u00e9', 'invalid escape sequence: `\\u`', 'write a code point as \\x{00E9}'],
    ['[[:nope:]]', 'invalid character class range: `[:nope:]`', 'POSIX classes are [[:name:]]'],
    ['a{1001}', 'invalid repeat count: `{1001}`', 'at most 1000'],
    ['(?P<n>a)(?P<n>b)', 'duplicate capture group name: `n`', 'its own name'],
    ['(', 'missing closing ): `(`', 'close every ( and ['],
    ['[abc', 'missing closing ]: `[abc`', 'close every ( and ['],
    ['a\\', 'trailing backslash at end of expression', 'close every ( and ['],
  ])('%s', (pattern, reason, fix) => {
    const err = refusal(pattern);
    expect(err.message).toBe(`invalid regular expression \`${pattern}\`: ${reason}`);
    expect(err.pattern).toBe(pattern);
    expect(err.fix).toContain(fix);
  });

  it('quotes a pattern with a backquote or a control character as JSON', () => {
    expect(refusal('`(`').message).toBe('invalid regular expression "`(`": missing closing ): "`(`"');
    expect(refusal('a\n(').message).toBe('invalid regular expression "a\\n(": missing closing ): "a\\n("');
  });
});
