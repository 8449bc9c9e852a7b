import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplate, TemplateError } from './index.js';

function parseError(src: string): TemplateError {
  try {
    parseTemplate(src);
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(src)}`);
}

describe('parseTemplate', () => {
  it('returns the source and a tree, and reuses parsed templates', () => {
    const t = parseTemplate('a {{ .x }}');
    expect(t.source).toBe('a {{ .x }}');
    expect(t.root).toHaveLength(2);
    expect(parseTemplate('a {{ .x }}')).toBe(t);
    expect(Object.isFrozen(t)).toBe(true);
  });

  it.each([
    '{{ .x }}',
    '{{/* c */}}',
    '{{- /* c */ -}}',
    '{{ if .a }}{{ else if .b }}{{ else }}{{ end }}',
    '{{ with .a }}{{ else with .b }}{{ end }}',
    '{{ range $i, $v := .a }}{{ break }}{{ continue }}{{ end }}',
    '{{ $x := 1 }}{{ $x = 2 }}',
    '{{ (index .a 0).name }}',
    '{{ .a | printf "%s" | upper }}',
    "{{ 'x' }}{{ 1e3 }}{{ -0.5 }}{{ +3 }}{{ 0x_1F }}",
    '{{ "\\u263a \\U0001F600 \\101 \\x41" }}',
    '{{ print (print (print 1)) }}',
  ])('accepts %s', (src) => {
    expect(() => parseTemplate(src)).not.toThrow();
  });
});

describe('checkTemplate', () => {
  it('parses as parseTemplate does, and leaves the cache alone', () => {
    const source = 'check {{ .input.once }} only';
    const checked = checkTemplate(source);
    expect(checked).not.toBe(checkTemplate(source));
    expect(checked).toEqual(parseTemplate(source));
    expect(checkTemplate(source)).toBe(parseTemplate(source));
    expect(() => checkTemplate('{{ .input.open')).toThrow(TemplateError);
  });
});

describe('syntax errors name the problem, the position and the fix', () => {
  it.each<[string, number, number, RegExp]>([
    ['text {{ .x ', 1, 6, /unclosed action: add "}}"/],
    ['{{ end }}', 1, 1, /unexpected {{end}}: there is no open/],
    ['{{ else }}', 1, 1, /unexpected {{else}}/],
    ['a\n{{ if .x }}b', 2, 1, /{{if}} is missing its {{end}}/],
    ['{{ range .x }}{{ else }}', 1, 1, /{{range}} is missing its {{end}}/],
    ['{{ if .x }}{{ else }}{{ else }}{{ end }}', 1, 22, /already has an {{else}}/],
    ['{{ if .x }}{{ else with .y }}{{ end }}', 1, 20, /cannot continue {{if}}/],
    ['{{ if }}{{ end }}', 1, 7, /missing condition in {{if}}/],
    ['{{ "abc }}', 1, 4, /unterminated quoted string/],
    ['{{ `abc }}', 1, 4, /unterminated raw quoted string/],
    ['{{ "\\q" }}', 1, 5, /invalid escape sequence "\\q"/],
    ['{{ "\\x4" }}', 1, 5, /invalid escape sequence/],
    ["{{ 'ab' }}", 1, 4, /malformed character constant/],
    ['{{ uper .x }}', 1, 4, /unknown function "uper"; did you mean "upper"\?/],
    ['{{ defualt "x" .y }}', 1, 4, /did you mean "default"\?/],
    ['{{ zzzzqqq }}', 1, 4, /unknown function "zzzzqqq"$/],
    ['{{ len }}', 1, 4, /wrong number of arguments for "len": want 1, got 0 \(usage: len VALUE\)/],
    ['{{ .x | replace "a" }}', 1, 9, /want 3, got 2/],
    ['{{ eq 1 }}', 1, 4, /want at least 2, got 1/],
    ['{{ default 1 2 3 }}', 1, 4, /want 1 to 2, got 3/],
    ['{{ .x | | upper }}', 1, 9, /missing value for command after "\|"/],
    ['{{ }}', 1, 4, /missing value for command/],
    ['{{ .x | .y }}', 1, 9, /only a function can follow "\|"/],
    ['{{ .x 1 }}', 1, 7, /can't give arguments to a non-function/],
    ['{{ nil }}', 1, 4, /nil is not a command/],
    ['{{ $x }}', 1, 4, /undefined variable "\$x": declare it/],
    ['{{ $x = 1 }}', 1, 4, /undefined variable "\$x": declare it first with ":="/],
    ['{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}', 1, 39, /undefined variable "\$x"/],
    ['{{ $a, $b := .x }}', 1, 4, /too many declarations in action/],
    ['{{ range $a, $b, $c := .x }}{{ end }}', 1, 14, /too many declarations in range/],
    ['{{ range $a, 1 := .x }}{{ end }}', 1, 14, /range can only initialize variables/],
    ['{{ break }}', 1, 1, /{{break}} outside {{range}}/],
    ['{{ range .x }}{{ else }}{{ continue }}{{ end }}', 1, 25, /{{continue}} outside {{range}}/],
    ['{{ define "x" }}{{ end }}', 1, 1, /{{define}} is not supported/],
    ['{{ template "x" }}', 1, 1, /{{template}} is not supported/],
    ['{{ .x "a" }}', 1, 7, /can't give arguments/],
    ['{{ .x"a" }}', 1, 6, /bad character "\\"" after name/],
    ['{{ 12abc }}', 1, 4, /bad number syntax: "12a"/],
    ['{{ - }}', 1, 4, /bad number syntax/],
    ['{{ 0x }}', 1, 4, /bad number syntax/],
    ['{{ # }}', 1, 4, /unrecognized character in action: "#"/],
    ['{{ $x : 1 }}', 1, 7, /expected ":=" after ":"/],
    ['{{ (.x }}', 1, 8, /expected "\)" to close the parenthesised pipeline/],
    ['{{ "a".b }}', 1, 7, /unexpected field ".b" after literal/],
    ['{{ print if }}', 1, 10, /unexpected keyword "if" in command/],
    ['{{ if .x }}{{ end extra }}', 1, 19, /expected "}}" after end/],
    ['{{/* open', 1, 1, /unclosed comment/],
    ['{{/* c */ x }}', 1, 8, /comment ends before closing delimiter/],
    ['{{ .x ) }}', 1, 7, /expected "}}" or "\|" in action, found "\)"/],
  ])('%j → %i:%i', (src, line, column, message) => {
    const e = parseError(src);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
    expect({ line: e.line, column: e.column, source: e.source }).toEqual({ line, column, source: src });
    expect(e.reason).toMatch(message);
  });
});
