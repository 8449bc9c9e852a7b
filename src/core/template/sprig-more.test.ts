// The Sprig functions added for Go + Sprig parity and Go's string rules; the expected
// outputs are what Go 1.26 + Sprig v3.3.0 print (checked by the differential suite too).
import { describe, expect, it } from 'vitest';
import { renderTemplate } from './index.js';

const DATA = { list: ['a', 'b', 'c', 'd'], obj: { b: 2, a: 1 }, s: 'Straße', i: 'İstanbul', lig: 'ﬁne' };
const r = (t: string): string => renderTemplate(t, DATA);

describe('Sprig text, list and number functions', () => {
  it.each<[string, string]>([
    ['{{ trunc 3 "abcdef" }}|{{ trunc -2 "abcdef" }}|{{ trunc 10 "ab" }}', 'abc|ef|ab'],
    ['{{ substr 1 3 "abcdef" }}|{{ substr 2 -1 "abcdef" }}|{{ substr -1 2 "abcdef" }}', 'bc|cdef|ab'],
    ['{{ nospace " a b\\tc " }}', 'abc'],
    ['{{ b64enc "héllo" }}|{{ b64dec "aMOpbGxv" }}|{{ b64dec "!!" }}', 'aMOpbGxv|héllo|illegal base64 data at input byte 0'],
    ['{{ repeat 3 "ab" }}|{{ cat "a" 1 .missing "b" }}|{{ abbrev 5 "hello world" }}', 'ababab|a 1 b|he...'],
    ['{{ untitle "Hello World" }}|{{ initials "Hello World" }}|{{ plural "one" "many" 2 }}', 'hello world|HW|many'],
    ['{{ trimAll "-" "--a--" }}|{{ splitn "," 2 "a,b,c" | toJson }}', 'a|{"_0":"a","_1":"b,c"}'],
    ['{{ first .list }}{{ last .list }}|{{ rest .list }}|{{ initial .list }}|{{ first (list) }}', 'ad|["b","c","d"]|["a","b","c"]|'],
    ['{{ has "b" .list }} {{ hasKey .obj "a" }} {{ keys .obj }} {{ values .obj }}', 'true true ["a","b"] [1,2]'],
    ['{{ uniq (list 1 2 1 3) }} {{ reverse .list }} {{ compact (list 1 "" nil 2) }} {{ without .list "b" }}', '[1,2,3] ["d","c","b","a"] [1,2] ["a","c","d"]'],
    ['{{ append .list "e" }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }}', '["a","b","c","d","e"] [0,1] [1,2,3]'],
    ['{{ sortAlpha (list "b" "a" "C") }} {{ until 3 }} {{ until -2 }} {{ seq 3 }} {{ seq 5 -2 1 }}', '["C","a","b"] [0,1,2] [0,-1] 1 2 3 5 3 1'],
    ['{{ pluck "a" .obj .obj }} {{ get .obj "a" }}|{{ get .obj "z" }}|{{ toStrings (list 1 2) }}', '[1,1] 1||["1","2"]'],
    ['{{ slice .list 1 3 }} {{ slice .list 1 2 9 }} {{ slice (list) }}|', '["b","c"] ["b"] |'],
    ['{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf .list }} {{ typeOf nil }} {{ kindOf .obj }} {{ kindOf nil }}', 'int float64 []interface {} <nil> map invalid'],
    ['{{ typeIs "string" "x" }} {{ kindIs "slice" .list }}', 'true true'],
    ['{{ atoi "42" }} {{ floor 2.7 }} {{ ceil 2.1 }} {{ round 2.5 0 }} {{ round 3.14159 2 }} {{ add1 4 }}', '42 2 3 3 3.14 5'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));

  it('slice is Sprig\'s: lists only, with a hint for strings', () => {
    expect(() => r('{{ slice "abc" 1 }}')).toThrow(/slice needs a list, got string; for strings write "substr START END STRING"/);
  });

  it('refuses sizes that would exhaust memory, as a TemplateError', () => {
    expect(() => r('{{ repeat 100000000 "ab" }}')).toThrow(/line 1, column 4: error calling repeat: repeat would build/);
    expect(() => r('{{ until 100000000 }}')).toThrow(/at most 1000000 elements/);
    expect(() => r('{{ indent 100000000 "x" }}')).toThrow(/at most 10000/);
  });
});

describe('Go string rules', () => {
  it.each<[string, string]>([
    ['{{ upper .s }} {{ upper .lig }} {{ lower .i }} {{ lower "ΑΣ" }}', 'STRAßE ﬁNE istanbul ασ'],
    ['{{ title "ǆemal ﬁne" }}|{{ title "«hello» x–y" }}|{{ title "hello_world foo-bar" }}', 'ǅemal ﬁne|«hello» X–y|Hello_world Foo-Bar'],
    ['{{ trim "\\u00a0x\\u2003" }}|{{ trim "\\ufeffx" }}|{{ trim "\\u0085x" }}', 'x|\ufeffx|x'],
    ['{{ replace "" "-" "a😀b" }}|{{ replace "" "-" "" }}', '-a-😀-b-|-'],
    ['{{ html .missing }}|{{ js .missing }}|{{ urlquery .missing "x" }}', '||x'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));
});

describe('literals and the parser', () => {
  it.each<[string, string]>([
    ['{{ 0x1p4 }} {{ 0x1.8p1 }} {{ 1_000 }} {{ 017 }}', '16 3 1000 15'],
    ['{{ .n | }}', ''],
    ['{{ $k := 0 }}{{ $v := 0 }}{{ range $k, $v = .list }}{{ end }}{{ $k }}{{ $v }}', '3d'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));

  it.each<[string, RegExp]>([
    ['{{ 1i }}', /line 1, column 4: complex number literals are not supported: "1i"/],
    ['{{ 1+2i }}', /complex number literals are not supported: "1\+2i"/],
    ['{{ 9007199254740993 }}', /integer literal 9007199254740993 is beyond ±2\^53/],
    ['{{ 1e400 }}', /number out of range: "1e400"/],
    ['{{ range $i, $v := 3 }}{{ end }}', /can't use 3 to iterate over more than one variable/],
  ])('%s fails', (t, want) => expect(() => r(t)).toThrow(want));
});
