// Hand-written cases for the corners where engines drift apart: printf verbs and flags,
// Unicode case mapping and whitespace, escapers of missing values, number parsing, parser
// corners and the Sprig functions ARKONIS users reach for. A case that shows a deliberate
// deviation the classifier cannot recognise from the outputs names it.
import type { Case } from './cases.js';

const DATA = { s: 'Straße', i: 'İstanbul', lig: 'ﬁne ﬂow', n: 42, f: 3.25, neg: -5, list: ['a', 'b', 'c', 'd'], obj: { b: 2, a: 1 }, e: '', sp: '\u00a0x\u2003', model: '12\n', zero: '012' };

const PLAIN: readonly string[] = [
  // printf verbs and flags
  '{{ printf "%T %T %T %T %T" 1 2.5 "s" true .list }}', '{{ printf "%T" .missing }}', '{{ printf "%.2v" 3.14159 }}',
  '{{ printf "%#v" "s" }}', '{{ printf "%#v" 42 }}', '{{ printf "%*d|" 5 42 }}', '{{ printf "%-*d|" 5 42 }}', '{{ printf "%.*f" 2 3.14159 }}',
  '{{ printf "%[2]s %[1]s" "a" "b" }}', '{{ printf "%[3]d" 1 2 }}', '{{ printf "%U" 0x1F600 }}', '{{ printf "%#U" 65 }}',
  '{{ printf "%#b" 5 }}', '{{ printf "%#o" 8 }}', '{{ printf "%O" 8 }}', '{{ printf "%05s|" "ab" }}', '{{ printf "%-05d|" 3 }}',
  '{{ printf "% x" "hi!" }}', '{{ printf "% X" "hi" }}', '{{ printf "%x" 1.5 }}', '{{ printf "%X" -2.25 }}', '{{ printf "%#x" "ab" }}',
  '{{ printf "%c" -1 }}', '{{ printf "%q" -1 }}', '{{ printf "%c" 1114112 }}', '{{ printf "%.120g" 1.5 }}', '{{ printf "%.30f" 0.1 }}',
  '{{ printf "%8.3e" 12345.678 }}', '{{ printf "%+d % d" 5 5 }}', '{{ printf "%x" -255 }}', '{{ printf "%08.3f" -3.14159 }}',
  '{{ printf "%t" 1 }}', '{{ printf "%s" nil }}', '{{ printf "%d" nil }}', '{{ printf "%v %v" .list .obj }}', '{{ printf "%s" .list }}',
  '{{ printf "%6.2f%%" 99.5 }}', '{{ printf "%q" "\\u00e9\\t" }}', '{{ printf "%+q" "é" }}', '{{ printf "%x" .s }}', '{{ printf "%!" }}',
  '{{ printf "%z" 1 }}', '{{ printf "%d %d" 1 }}', '{{ printf "%d" 1 2 }}', '{{ printf "%[0]d" 1 }}', '{{ printf "%.3s" "日本語テキスト" }}',
  '{{ printf "%g" 1e21 }}', '{{ printf "%v" 1e-7 }}', '{{ printf "%e" 0.0 }}', '{{ printf "%G" 1e-10 }}', '{{ printf "%6.2v|" 3.14159 }}',
  // Unicode case mapping, whitespace, replace
  '{{ upper .s }}', '{{ lower .i }}', '{{ upper .lig }}', '{{ title "ǆemal ﬁne" }}', '{{ lower "ΑΣ" }}', '{{ upper "ǆ" }}',
  '{{ trim .sp }}|', '{{ trim "\\u0085x\\u0085" }}|', '{{ trim "\\ufeffx" }}|', '{{ replace "" "-" "a😀b" }}', '{{ replace "" "-" "" }}',
  '{{ title "hello_world foo-bar" }}', '{{ len "😀" }}', '{{ upper "ß" }}',
  // escapers of missing and nil values
  '{{ html .missing }}', '{{ urlquery .missing }}', '{{ js .missing }}', '{{ html nil }}', '{{ html .missing "x" }}', '{{ js "\\u2028<>" }}',
  '{{ print .missing }}', '{{ print nil 1 }}',
  // regexMatch: RE2 in Go's dialect on both sides, linear time on pathological patterns
  '{{ regexMatch "^(a+)+$" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab" }}', '{{ regexMatch "(?i)^hello" "HELLO world" }}',
  '{{ regexMatch "\\A[[:alpha:]]+\\z" "abc" }}', '{{ regexMatch "(?P<year>\\d{4})-\\d{2}" "on 2026-12" }}',
  '{{ regexMatch "\\pL+" "日本" }}', '{{ regexMatch "\\Qa.b\\E" "axb" }}',
  // parser corners
  '{{ .n | }}', '{{ $k := 0 }}{{ $v := 0 }}{{ range $k, $v = .list }}{{ $k }}{{ $v }}{{ end }}{{ $k }}{{ $v }}', '{{ 0x1p4 }}', '{{ 0x1.8p1 }}',
  '{{ 1_000 }}', '{{ 0b101 }}', '{{ 0o17 }}', '{{ 017 }}', '{{ 9223372036854775807 }}', '{{ 18446744073709551616 }}', '{{ 1e400 }}',
  '{{ -0 }}', '{{ .5 }}', '{{ 1. }}', '{{ \'\\n\' }}', '{{ "\\x41\\101\\u0041" }}', '{{ (1) }}', '{{ ( .n ) }}',
  // slice: Sprig's replaces Go's
  '{{ slice .list 1 3 }}', '{{ slice .list 1 }}', '{{ slice .list }}', '{{ slice .list 1 2 3 }}', '{{ slice "abc" 1 }}', '{{ slice .list 3 1 }}',
  '{{ slice .list "1" }}', '{{ slice (list) }}',
  // Sprig functions
  '{{ typeOf 1 }} {{ typeOf "s" }} {{ typeOf .list }} {{ typeOf .obj }} {{ typeOf nil }} {{ typeOf true }}', '{{ kindOf .list }} {{ kindOf .obj }} {{ kindOf "s" }}',
  '{{ trunc 3 "abcdef" }}', '{{ trunc -2 "abcdef" }}', '{{ trunc 10 "ab" }}', '{{ substr 1 3 "abcdef" }}', '{{ substr 2 -1 "abcdef" }}',
  '{{ nospace " a b\\tc " }}', '{{ b64enc "héllo" }}', '{{ b64dec "aMOpbGxv" }}', '{{ first .list }}', '{{ last .list }}', '{{ rest .list }}',
  '{{ initial .list }}', '{{ first (list) }}', '{{ repeat 3 "ab" }}', '{{ cat "a" 1 .missing "b" }}', '{{ abbrev 5 "hello world" }}',
  '{{ has "b" .list }}', '{{ hasKey .obj "a" }}', '{{ keys .obj | sortAlpha }}', '{{ uniq (list 1 2 1 3) }}', '{{ reverse .list }}',
  '{{ append .list "e" }}', '{{ prepend .list "z" }}', '{{ concat .list (list 1) }}', '{{ sortAlpha (list "b" "a" "C") }}', '{{ atoi "42" }}',
  '{{ floor 2.7 }} {{ ceil 2.1 }} {{ round 2.5 0 }}', '{{ add1 4 }}', '{{ untitle "Hello World" }}', '{{ sha256sum "abc" }}', '{{ until 3 }}',
  '{{ splitn "," 2 "a,b,c" }}', '{{ wrap 5 "hello world again" }}', '{{ plural "one" "many" 2 }}', '{{ compact (list 1 "" nil 2) }}',
  '{{ without .list "b" }}', '{{ trimAll "-" "--a--" }}', '{{ lower (toString 5) }}', '{{ pluck "a" .obj .obj }}', '{{ values .obj | sortAlpha }}',
  '{{ get .obj "a" }}', '{{ set (dict) "k" "v" }}', '{{ unset .obj "a" }}', '{{ seq 3 }}', '{{ toStrings (list 1 2) }}', '{{ join "," (list 1 nil 2) }}',
  '{{ abbrevboth 5 10 "1234 5678 9123" }}', '{{ initials "Hello World" }}', '{{ camelcase "hello_world" }}', '{{ snakecase "HelloWorld" }}',
  '{{ kebabcase "HelloWorld" }}', '{{ swapcase "aB" }}', '{{ sha1sum "abc" }}', '{{ adler32sum "abc" }}', '{{ mustFirst (list 1) }}',
  // the other deviations, each shown once
  '{{ .missing.x }}', '{{ eq .n 42 }}', '{{ lt .f 4 }}', '{{ define "x" }}a{{ end }}{{ template "x" }}', '{{ if false }}{{ len 1 2 }}{{ end }}',
  `{{ ${'('.repeat(101)}1${')'.repeat(101)} }}`, '{{ regexMatch "^S" .s }}', '{{ printf "%d" .n }}', '{{ range .n }}{{ . }}{{ end }}',
];

/** Cases whose difference the classifier cannot see from the outputs, with the deviation they show. */
const TAGGED: readonly [string, string][] = [
  ['{{ int .model }} {{ float64 .model }}', 'lenient-number-strings'],
  ['{{ int .zero }} {{ float64 .zero }}', 'lenient-number-strings'],
  ['{{ int "8.7" }} {{ add "2" 3.9 }}', 'lenient-number-strings'],
  ['{{ trimSpace "  x  " }}', 'extensions'],
  ['{{ toJSON .obj }}', 'extensions'],
  ['{{ (fromJSON "{\\"a\\":1}").a }}', 'extensions'],
  ['{{ ternary "y" "n" "yes" }}', 'extensions'],
  ['{{ now }}', 'extensions'],
  ['{{ 1i }}', 'no-complex'],
  ['{{ 9223372036854775807 }}', 'no-complex'],
  ['{{ regexMatch "a(?=b)" "ab" }}', 'invalid-regex-error'],
];

export function edgeCases(): Case[] {
  const plain = PLAIN.map((template, i) => ({ id: `edge/${String(i + 1).padStart(3, '0')}`, template, data: DATA }));
  const tagged = TAGGED.map(([template, deviation], i) => ({ id: `edge/tagged-${i + 1}`, template, data: DATA, deviation }));
  return [...plain, ...tagged];
}
