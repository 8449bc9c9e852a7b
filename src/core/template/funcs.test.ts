import { describe, expect, it } from 'vitest';
import { renderTemplate } from './index.js';

const DATA = {
  s: 'Hello World',
  n: 7,
  f: 2.5,
  list: ['a', 'b', 'c'],
  nums: [3, 1, 2],
  obj: { k: 'v', n: 1 },
  nested: { a: { b: [10, 20, { c: 'deep' }] } },
  empty: '',
  zero: 0,
  t: true,
  nilv: null,
  json: '{"a":[1,2],"b":"x"}',
};

const r = (t: string, data: unknown = DATA): string => renderTemplate(t, data);
const cases = (rows: [string, string][]): void => {
  it.each(rows)('%s', (t, want) => expect(r(t)).toBe(want));
};

describe('logic: and or not', () => {
  cases([
    ['{{ and 1 2 }}', '2'],
    ['{{ and 1 0 2 }}', '0'],
    ['{{ and .t .empty }}', ''],
    ['{{ or 0 "" "x" }}', 'x'],
    ['{{ or 0 "" }}', ''],
    ['{{ or .empty "fallback" }}', 'fallback'],
    ['{{ not 0 }} {{ not 1 }} {{ not .missing }} {{ not .list }}', 'true false true false'],
    ['{{ .t | and 1 }}', 'true'],
    ['{{ .zero | or "x" }}', 'x'],
  ]);

  it('short-circuits: later arguments are not evaluated', () => {
    expect(r('{{ and false (index .list 99) }}')).toBe('false');
    expect(r('{{ or true (index .list 99) }}')).toBe('true');
  });

  it('reports an error in an argument it does evaluate at that argument', () => {
    expect(() => r('{{ and true (index .list 99) }}')).toThrow(/column 14: error calling index: index out of range: 99/);
  });
});

describe('len index slice', () => {
  cases([
    ['{{ len .s }}', '11'],
    ['{{ len "héllo" }}', '6'],
    ['{{ len .list }}', '3'],
    ['{{ len .obj }}', '2'],
    ['{{ index .list 1 }}', 'b'],
    ['{{ index .obj "k" }}', 'v'],
    ['{{ index .obj "missing" }}', ''],
    ['{{ index .nested "a" "b" 2 "c" }}', 'deep'],
    ['{{ index .list }}', '["a","b","c"]'],
    ['{{ index "abc" 0 }}', '97'],
    ['{{ slice .list 1 }}', '["b","c"]'],
    ['{{ slice .list 1 2 }}', '["b"]'],
    ['{{ slice .list }}', '["a","b","c"]'],
    ['{{ slice .list 1 2 3 }}', '["b"]'],
    ['{{ slice .list "1" }}', '["b","c"]'],
    ['{{ slice (list) }}', ''],
  ]);

  it.each([
    ['{{ index .list 3 }}', /index out of range: 3/],
    ['{{ index .list -1 }}', /index out of range: -1/],
    ['{{ index .list "x" }}', /cannot index with string/],
    ['{{ index .obj 1 }}', /cannot index a map with int/],
    ['{{ index .n 1 }}', /can't index item of type int/],
    ['{{ slice .list 2 1 }}', /slice bounds out of range \[2:1\] with length 3/],
    ['{{ slice .list 0 9 }}', /slice bounds out of range \[0:9\]/],
    ['{{ slice .s 0 5 }}', /slice needs a list, got string; for strings write "substr START END STRING"/],
    ['{{ slice .nilv 0 }}', /slice needs a list, got <nil> \(the value is missing\)/],
    ['{{ len .missing }}', /len of nil/],
  ])('%s fails', (t, want) => expect(() => r(t)).toThrow(want));
});

describe('print printf println', () => {
  cases([
    ['{{ print "a" "b" }}', 'ab'],
    ['{{ print 1 2 }}', '1 2'],
    ['{{ print "a" 1 2 "b" }}', 'a1 2b'],
    ['{{ print .list }}', '["a","b","c"]'],
    ['{{ println "a" 1 }}', 'a 1\n'],
    ['{{ printf "%s=%d" "x" 5 }}', 'x=5'],
  ]);
});

describe('comparisons', () => {
  cases([
    ['{{ eq 1 1 }} {{ eq 1 2 }} {{ eq "a" "a" }} {{ eq true true }}', 'true false true true'],
    ['{{ eq 2 2.0 }} {{ eq .f 2.5 }}', 'true true'],
    ['{{ eq .n 1 2 7 }} {{ eq .n 1 2 }}', 'true false'],
    ['{{ eq .missing nil }} {{ eq .missing "x" }} {{ eq nil nil }}', 'true false true'],
    ['{{ ne 1 2 }} {{ ne "a" "a" }}', 'true false'],
    ['{{ lt 1 2 }} {{ lt 2 1 }} {{ lt 1 1.5 }} {{ lt "a" "b" }}', 'true false true true'],
    ['{{ le 2 2 }} {{ le 3 2 }}', 'true false'],
    ['{{ gt 3 2 }} {{ gt "b" "a" }}', 'true true'],
    ['{{ ge 2 2 }} {{ ge 1 2 }}', 'true false'],
  ]);

  it.each([
    ['{{ eq 1 "1" }}', /incompatible types for comparison: int \(1\) and string \(1\)/],
    ['{{ eq .list .list }}', /non-comparable type/],
    ['{{ lt true false }}', /invalid type for comparison: bool/],
    ['{{ lt .missing 1 }}', /invalid type for comparison: <nil>/],
    ['{{ gt "8" 7 }}', /convert one side with "int"/],
  ])('%s fails', (t, want) => expect(() => r(t)).toThrow(want));
});

describe('escapers', () => {
  cases([
    ['{{ urlquery "a b&c=d/é" }}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{ urlquery "a" 1 }}', 'a1'],
    ['{{ html "<a href=\\"x\\">it\'s & more</a>" }}', '&lt;a href=&#34;x&#34;&gt;it&#39;s &amp; more&lt;/a&gt;'],
    ['{{ js "it\'s \\"q\\" <b> & a=b\\\\ \\n" }}', 'it\\\'s \\"q\\" \\u003Cb\\u003E \\u0026 a\\u003Db\\\\ \\u000A'],
    ['{{ .s | urlquery }}', 'Hello+World'],
  ]);
});

describe('sprig: defaults and logic', () => {
  cases([
    ['{{ default "x" .missing }}', 'x'],
    ['{{ default "x" .empty }}', 'x'],
    ['{{ default "x" .zero }}', 'x'],
    ['{{ default "x" .s }}', 'Hello World'],
    ['{{ .missing | default "en" }}', 'en'],
    ['{{ .n | default 1 }}', '7'],
    ['{{ default "only" }}', 'only'],
    ['{{ empty .empty }} {{ empty .s }} {{ empty .missing }} {{ empty (list) }}', 'true false true true'],
    ['{{ coalesce .missing .empty "first" "second" }}', 'first'],
    ['{{ coalesce .missing .empty }}', ''],
    ['{{ ternary "yes" "no" true }} {{ ternary "yes" "no" false }}', 'yes no'],
    ['{{ .t | ternary "on" "off" }}', 'on'],
  ]);
});

describe('sprig: conversions', () => {
  cases([
    ['{{ int "8" }} {{ int "8.7" }} {{ int 8.7 }} {{ int -8.7 }} {{ int "abc" }} {{ int .missing }} {{ int true }}', '8 8 8 -8 0 0 1'],
    ['{{ int " 12 " }} {{ int "0x10" }} {{ int "-3" }}', '12 16 -3'],
    ['{{ int64 "42" }}', '42'],
    ['{{ float64 "2.5" }} {{ float64 3 }} {{ float64 "x" }}', '2.5 3 0'],
    ['{{ toString 5 }} {{ toString "s" }} {{ toString true }} {{ toString .list }}', '5 s true ["a","b","c"]'],
    ['{{ toString 5 | printf "%q" }}', '"5"'],
  ]);
});

describe('sprig: strings', () => {
  cases([
    ['{{ upper .s }} {{ lower .s }}', 'HELLO WORLD hello world'],
    ['{{ title "hello wide-world o\'neil_x" }}', "Hello Wide-World O'Neil_x"],
    ['{{ trim "  x y \\n" }}|{{ trimSpace "\\t z " }}', 'x y|z'],
    ['{{ trimPrefix "He" .s }} {{ trimSuffix "ld" .s }} {{ trimPrefix "zz" .s }}', 'llo World Hello Wor Hello World'],
    ['{{ contains "World" .s }} {{ contains "world" .s }}', 'true false'],
    ['{{ hasPrefix "Hel" .s }} {{ hasSuffix "rld" .s }} {{ hasPrefix "x" .s }}', 'true true false'],
    ['{{ replace "o" "0" .s }}', 'Hell0 W0rld'],
    ['{{ .s | replace " " "-" }}', 'Hello-World'],
    ['{{ replace "l" "$&" "ll" }}', '$&$&'],
    ['{{ splitList "," "a,b,,c" }}', '["a","b","","c"]'],
    ['{{ $p := split "$" "foo$bar" }}{{ $p._0 }}-{{ $p._1 }}', 'foo-bar'],
    ['{{ join ", " .list }}', 'a, b, c'],
    ['{{ join "-" (list 1 nil "x" 2.5) }}', '1-x-2.5'],
    ['{{ join "," "solo" }}', 'solo'],
    ['{{ .list | join "+" }}', 'a+b+c'],
    ['{{ quote "a\\"b" 1 }}', '"a\\"b" "1"'],
    ['{{ squote "x" "y" }}', "'x' 'y'"],
    ['{{ indent 2 "a\\nb" }}', '  a\n  b'],
    ['{{ nindent 2 "a\\nb" }}', '\n  a\n  b'],
    ['{{ regexMatch "^[A-Z]\\\\w+" .s }} {{ regexMatch "^\\\\d+$" .s }}', 'true false'],
    ['{{ regexMatch "(?i)^hello" .s }}', 'true'],
    ['{{ upper .missing }}', ''],
  ]);

  it('rejects an invalid regular expression', () => {
    expect(() => r('{{ regexMatch "(" "x" }}')).toThrow('invalid regular expression `(`: missing closing ): `(`; fix: close every ( and [');
  });
});

// Raw Go strings (`…`) keep the backslashes as written; the dialect is validate.contains's.
describe('sprig: regexMatch speaks RE2', () => {
  it.each<[string, string, boolean]>([
    ['\\Ahello', 'hello world', true],
    ['\\Ahello', 'say hello', false],
    ['world\\z', 'hello world', true],
    ['^[[:digit:]]+$', '2024', true],
    ['^[[:digit:]]+$', '20x4', false],
    ['^[^[:space:]]+$', 'a\tb', false],
    ['(?P<year>\\d{4})-\\d{2}', 'on 2024-05', true],
    ['^[]a]+$', ']a]', true],
    ['^[^]a]$', 'b', true],
    ['^[^]a]$', ']', false],
    ['^\\pL+$', 'Ünïcødé', true],
    ['^\\pL+$', 'abc1', false],
    ['^\\p{Greek}+$', 'αβγ', true],
    ['(?i)^HELLO', 'hello', true],
    ['\\Qa.b\\E', 'axb', false],
  ])('%s on %j is %s', (pattern, input, want) => {
    expect(renderTemplate(`{{ regexMatch \`${pattern}\` .s }}`, { s: input })).toBe(String(want));
  });

  it('rejects what RE2 rejects, with the fix', () => {
    expect(() => r('{{ regexMatch "a(?=b)" "x" }}')).toThrow(/error calling regexMatch: invalid regular expression `a\(\?=b\)`: .*fix: RE2 has no lookahead/);
  });

  it('runs in linear time: a pattern that makes a backtracking engine hang', () => {
    expect(renderTemplate('{{ regexMatch `^(a+)+$` .s }}', { s: `${'a'.repeat(100_000)}!` })).toBe('false');
  });
});

describe('sprig: collections and JSON', () => {
  cases([
    ['{{ list 1 "a" true }}', '[1,"a",true]'],
    ['{{ list }}', '[]'],
    ['{{ $d := dict "b" 2 "a" 1 }}{{ $d }} {{ $d.a }}', '{"a":1,"b":2} 1'],
    ['{{ dict "k" }}', '{"k":""}'],
    ['{{ dict 1 "one" }}', '{"1":"one"}'],
    ['{{ toJson .obj }}', '{"k":"v","n":1}'],
    ['{{ toJSON "<&>" }}', '"\\u003c\\u0026\\u003e"'],
    ['{{ toJson .missing }}', 'null'],
    ['{{ (fromJson .json).b }} {{ index (fromJson .json).a 1 }}', 'x 2'],
    ['{{ fromJSON "not json" }}', ''],
    ['{{ .json | fromJson | toJson }}', '{"a":[1,2],"b":"x"}'],
  ]);
});

describe('sprig: arithmetic', () => {
  cases([
    ['{{ add 1 2 3 }} {{ add "2" 3.9 }} {{ add 5 }}', '6 5 5'],
    ['{{ sub 10 3 }} {{ sub 1 5 }}', '7 -4'],
    ['{{ mul 2 3 4 }}', '24'],
    ['{{ div 7 2 }} {{ div -7 2 }}', '3 -3'],
    ['{{ mod 7 3 }} {{ mod -7 3 }}', '1 -1'],
    ['{{ max 3 9 2 }} {{ min 3 9 2 }} {{ max "4" 1 }}', '9 2 4'],
    ['{{ .n | add 1 }}', '8'],
  ]);

  it('fails on division by zero', () => {
    expect(() => r('{{ mod 1 0 }}')).toThrow(/integer divide by zero/);
  });
});

describe('now', () => {
  it('returns the injected clock as ISO-8601', () => {
    const now = (): Date => new Date('2025-01-02T03:04:05.000Z');
    expect(renderTemplate('{{ now }}', {}, { now })).toBe('2025-01-02T03:04:05.000Z');
  });

  it('uses the system clock by default', () => {
    expect(renderTemplate('{{ now }}', {})).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('can be called as an argument', () => {
    expect(renderTemplate('{{ print now }}', {}, { now: () => new Date(0) })).toBe('1970-01-01T00:00:00.000Z');
  });
});
