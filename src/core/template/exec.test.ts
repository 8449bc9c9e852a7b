import { describe, expect, it } from 'vitest';
import { renderTemplate } from './index.js';

const DATA = {
  input: { topic: 'kubernetes', n: 3, list: ['a', 'b', 'c'], empty: [], obj: { b: 2, a: 1 }, lang: '', zero: 0, f: 2.5, yes: true, no: false },
  steps: {
    research: { output: 'findings', data: { score: 8, items: [{ name: 'x' }, { name: 'y' }] } },
    review: { output: '', data: { score: '7.9', approved: true } },
  },
  trigger: { body: { x: 'hello' } },
};

const r = (t: string, data: unknown = DATA): string => renderTemplate(t, data);

describe('text and printing', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['{{ "s" }}', 's'],
    ['{{ 42 }}', '42'],
    ['{{ -7 }}', '-7'],
    ['{{ 3.0 }}', '3'],
    ['{{ 2.5 }}', '2.5'],
    ['{{ 1e6 }}', '1000000'],
    ['{{ 1234567.5 }}', '1.2345675e+06'],
    ['{{ 0.0001 }}', '0.0001'],
    ['{{ 0.00001 }}', '1e-05'],
    ['{{ 0x1F }}', '31'],
    ['{{ 0o17 }}', '15'],
    ['{{ 017 }}', '15'],
    ['{{ 0b101 }}', '5'],
    ['{{ 1_000 }}', '1000'],
    ['{{ .5 }}', '0.5'],
    ["{{ 'a' }}", '97'],
    ['{{ true }} {{ false }}', 'true false'],
    ['{{ print nil }}', '<nil>'],
    ['{{ .input.list }}', '["a","b","c"]'],
    ['{{ .input.obj }}', '{"a":1,"b":2}'],
    ['{{ .input.missing }}', ''],
    ['{{ .nope.deeper.still }}', ''],
    ['{{ .input.f }}', '2.5'],
    ['{{ "\\t\\n\\"\\\\\\x41\\u00e9\\101" }}', '\t\n"\\Aé\u0041'],
    ['{{ `raw \\n "q"` }}', 'raw \\n "q"'],
    ['{{ . }}', '{"a":1}'],
  ])('%s', (t, want) => {
    expect(r(t, t === '{{ . }}' ? { a: 1 } : DATA)).toBe(want);
  });

  it('prints the dot when it is a scalar', () => {
    expect(r('{{ . }}', 'x')).toBe('x');
    expect(r('{{ . }}', null)).toBe('');
    expect(renderTemplate('{{ . }}', undefined)).toBe('');
  });
});

describe('fields', () => {
  it.each([
    ['{{ .input.topic }}', 'kubernetes'],
    ['{{ .steps.research.output }}', 'findings'],
    ['{{ .steps.research.data.score }}', '8'],
    ['{{ .trigger.body.x }}', 'hello'],
    ['{{ $.input.topic }}', 'kubernetes'],
    ['{{ (index .steps.research.data.items 1).name }}', 'y'],
    ['{{ (.steps.research).output }}', 'findings'],
    ['{{ $s := .steps }}{{ $s.research.output }}', 'findings'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));

  it('does not read inherited properties', () => {
    expect(r('{{ .constructor }}{{ .toString }}{{ .__proto__ }}', {})).toBe('');
  });

  it('fails on a field of a scalar, naming the type and position', () => {
    expect(() => r('{{ .input.topic.x }}')).toThrow(/line 1, column 4: can't evaluate field "x" in type string/);
    expect(() => r('{{ .input.list.x }}')).toThrow(/use "index" for lists/);
  });
});

describe('whitespace trimming and comments', () => {
  it.each([
    ['a  {{- "b" }}  c', 'ab  c'],
    ['a  {{ "b" -}}  c', 'a  bc'],
    ['a \n\t {{- "b" -}} \n c', 'abc'],
    ['{{ 3 }} {{- -4 }}', '3-4'],
    ['x{{/* comment */}}y', 'xy'],
    ['x {{- /* comment */ -}} y', 'xy'],
    ['x{{/* multi\nline */}}y', 'xy'],
    ['{{- if true }}\n  yes\n{{- end }}', '\n  yes'],
    ['a\n{{- range .input.list }}\n- {{ . }}\n{{- end }}', 'a\n- a\n- b\n- c'],
  ])('%j', (t, want) => expect(r(t)).toBe(want));

  it('treats {{-3}} as a number, not a trim marker', () => {
    expect(r('a {{-3}}')).toBe('a -3');
  });

  it('allows actions to span lines', () => {
    expect(r('{{ printf "%s-%s"\n  .input.topic\n  "x" }}')).toBe('kubernetes-x');
  });
});

describe('if / else if / else', () => {
  it.each([
    ['{{ if true }}y{{ end }}', 'y'],
    ['{{ if false }}y{{ end }}', ''],
    ['{{ if .input.topic }}y{{ else }}n{{ end }}', 'y'],
    ['{{ if .input.lang }}y{{ else }}n{{ end }}', 'n'],
    ['{{ if .input.zero }}y{{ else }}n{{ end }}', 'n'],
    ['{{ if .input.empty }}y{{ else }}n{{ end }}', 'n'],
    ['{{ if .input.missing }}y{{ else }}n{{ end }}', 'n'],
    ['{{ if .input.obj }}y{{ else }}n{{ end }}', 'y'],
    ['{{ if (dict) }}y{{ else }}n{{ end }}', 'n'],
    ['{{ if not nil }}y{{ else }}n{{ end }}', 'y'],
    ['{{ if .input.f }}y{{ else }}n{{ end }}', 'y'],
    ['{{ if eq .input.n 1 }}one{{ else if eq .input.n 3 }}three{{ else }}other{{ end }}', 'three'],
    ['{{ if eq .input.n 1 }}one{{ else if eq .input.n 2 }}two{{ else }}other{{ end }}', 'other'],
    ['{{ if gt (.steps.research.data.score | int) 7 }}good{{ else }}bad{{ end }}', 'good'],
    ['{{ if and .input.yes (not .input.no) }}ok{{ end }}', 'ok'],
    ['{{ if $x := .input.topic }}{{ $x }}{{ end }}', 'kubernetes'],
    ['{{ if .input.yes }}{{ if .input.no }}a{{ else }}b{{ end }}{{ end }}', 'b'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));
});

describe('with', () => {
  it.each([
    ['{{ with .steps.research }}{{ .output }}{{ end }}', 'findings'],
    ['{{ with .input.missing }}x{{ else }}none{{ end }}', 'none'],
    ['{{ with .input.missing }}x{{ else with .input.topic }}{{ . }}{{ end }}', 'kubernetes'],
    ['{{ with $v := .input.n }}{{ $v }}{{ . }}{{ end }}', '33'],
    ['{{ with .input.lang }}x{{ else }}{{ .input.topic }}{{ end }}', 'kubernetes'],
    ['{{ with .steps.research }}{{ $.input.topic }}{{ end }}', 'kubernetes'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));
});

describe('range', () => {
  it.each([
    ['{{ range .input.list }}{{ . }},{{ end }}', 'a,b,c,'],
    ['{{ range $i, $s := .input.list }}{{ $i }}:{{ $s }} {{ end }}', '0:a 1:b 2:c '],
    ['{{ range $s := .input.list }}{{ $s }}{{ end }}', 'abc'],
    ['{{ $s := "-" }}{{ range $s = .input.list }}{{ end }}{{ $s }}', 'c'],
    ['{{ range $k, $v := .input.obj }}{{ $k }}={{ $v }};{{ end }}', 'a=1;b=2;'],
    ['{{ range .input.obj }}{{ . }}{{ end }}', '12'],
    ['{{ range .input.empty }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ range .input.missing }}x{{ else }}none{{ end }}', 'none'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['{{ range .steps.research.data.items }}{{ .name }}{{ end }}', 'xy'],
    ['{{ range .input.list }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', 'a'],
    ['{{ range .input.list }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}', 'ac'],
    ['{{ range $i, $a := .input.list }}{{ range $b := $.input.list }}{{ if eq $a $b }}{{ $i }}{{ end }}{{ end }}{{ end }}', '012'],
    ['{{ range .input.list }}{{ $.input.topic }}{{ end }}', 'kuberneteskuberneteskubernetes'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));

  it('fails on a value it cannot iterate', () => {
    expect(() => r('{{ range .input.topic }}{{ end }}')).toThrow(/column 10: range can't iterate over string/);
  });
});

describe('variables', () => {
  it.each([
    ['{{ $x := 1 }}{{ $x }}', '1'],
    ['{{ $x := 1 }}{{ $x = 2 }}{{ $x }}', '2'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}', '21'],
    ['{{ $n := 0 }}{{ range .input.list }}{{ $n = add $n 1 }}{{ end }}{{ $n }}', '3'],
    ['{{ $ }}', '{"a":1}'],
  ])('%s', (t, want) => expect(r(t, t === '{{ $ }}' ? { a: 1 } : DATA)).toBe(want));

  it('declarations print nothing', () => {
    expect(r('a{{ $x := "b" }}c')).toBe('ac');
  });
});

describe('pipelines', () => {
  it.each([
    ['{{ .input.n | printf "%d items" }}', '3 items'],
    ['{{ .input.lang | default "en" }}', 'en'],
    ['{{ .input.topic | default "en" }}', 'kubernetes'],
    ['{{ .steps.review.data.score | int }}', '7'],
    ['{{ .input.topic | upper | printf "<%s>" }}', '<KUBERNETES>'],
    ['{{ "a" | printf "%s%s" "b" }}', 'ba'],
    ['{{ (printf "%s" "x") | upper }}', 'X'],
    ['{{ len (slice .input.list 1) }}', '2'],
    ['{{ print (add 1 2) (mul 2 3) }}', '3 6'],
  ])('%s', (t, want) => expect(r(t)).toBe(want));
});

describe('execution errors carry positions', () => {
  it.each([
    ['{{ index .input.list 5 }}', /line 1, column 4: error calling index: index out of range: 5/],
    ['x\n  {{ div 1 0 }}', /line 2, column 6: error calling div: integer divide by zero/],
    ['{{ lt 1 "a" }}', /incompatible types for comparison/],
    ['{{ upper 5 }}', /upper: expected a string, got int .* "toString"/],
    ['{{ index nil 1 }}', /index of nil/],
    ['{{ len 3 }}', /len of type int/],
    ['{{ printf 3 }}', /format must be a string/],
  ])('%s', (t, want) => expect(() => r(t)).toThrow(want));

  it('exposes line, column and source', () => {
    try {
      r('ok\n{{ index .input.list 9 }}');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ name: 'TemplateError', line: 2, column: 4, source: 'ok\n{{ index .input.list 9 }}' });
    }
  });
});
