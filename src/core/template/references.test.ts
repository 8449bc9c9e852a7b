import { describe, expect, it } from 'vitest';
import { parseTemplate, templateReferences } from './index.js';

const paths = (src: string): string[] => templateReferences(src).map((r) => r.path.join('.'));

describe('templateReferences', () => {
  it('reports chains on the root with their positions', () => {
    expect(templateReferences('Topic: {{ .input.topic }}\n{{ .steps.research.output }}')).toEqual([
      { path: ['input', 'topic'], line: 1, column: 11 },
      { path: ['steps', 'research', 'output'], line: 2, column: 4 },
    ]);
  });

  it.each<[string, string[]]>([
    ['plain text', []],
    ['{{ . }}{{ "x" }}', []],
    ['{{ .steps.research.data.score }}', ['steps.research.data.score']],
    ['{{ .trigger.body.x }}', ['trigger.body.x']],
    ['{{ .steps.review.data.score | int }}', ['steps.review.data.score']],
    ['{{ .input.n | printf "%d" }}', ['input.n']],
    ['{{ default .input.a .input.b }}', ['input.a', 'input.b']],
    ['{{ if gt (.steps.score.data.value | int) 7 }}{{ .input.x }}{{ else }}{{ .input.y }}{{ end }}', ['steps.score.data.value', 'input.x', 'input.y']],
    ['{{ if .a }}{{ else if .b }}{{ .c }}{{ end }}', ['a', 'b', 'c']],
    ['{{ range $i, $s := .input.list }}{{ $i }}{{ .name }}{{ $s.x }}{{ end }}', ['input.list']],
    ['{{ range .input.list }}{{ $.steps.x.output }}{{ else }}{{ .input.none }}{{ end }}', ['input.list', 'steps.x.output', 'input.none']],
    ['{{ with .steps.a }}{{ .output }}{{ $.input.t }}{{ else }}{{ .input.u }}{{ end }}', ['steps.a', 'input.t', 'input.u']],
    ['{{ range .a }}{{ range .b }}{{ $.c.d }}{{ end }}{{ end }}', ['a', 'c.d']],
    ['{{ (index .steps.list 0).name }}', ['steps.list']],
    ['{{ $v := .input.v }}{{ $v.deep }}', ['input.v']],
    ['{{ $.input }}{{ $ }}', ['input']],
    ['{{ and .a (or .b (not .c)) }}', ['a', 'b', 'c']],
  ])('%s', (src, want) => {
    expect(paths(src)).toEqual(want);
  });

  it('locates references on every line of a multi-line template', () => {
    const src = ['{{ .a }}', '', 'text {{ .b.c }} and {{ $.d }}', '{{ if .e }}', '  {{- .f -}}', '{{ end }}{{ .g }}', ''].join('\n');
    expect(templateReferences(src)).toEqual([
      { path: ['a'], line: 1, column: 4 },
      { path: ['b', 'c'], line: 3, column: 9 },
      { path: ['d'], line: 3, column: 24 },
      { path: ['e'], line: 4, column: 7 },
      { path: ['f'], line: 5, column: 7 },
      { path: ['g'], line: 6, column: 13 },
    ]);
  });

  it('agrees with a line-by-line count on a long template', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i % 7)}{{ .l${i} }}${i % 3 === 0 ? ` {{ .m${i} }}` : ''}`);
    const want = lines.flatMap((text, i) =>
      [...text.matchAll(/\.[lm]\d+/g)].map((m) => ({ path: [m[0].slice(1)], line: i + 1, column: (m.index ?? 0) + 1 })));
    expect(templateReferences(lines.join('\n'))).toEqual(want);
  });

  it('accepts a parsed template', () => {
    expect(templateReferences(parseTemplate('{{ .x.y }}'))).toEqual([{ path: ['x', 'y'], line: 1, column: 4 }]);
  });

  it('returns copies that callers may change', () => {
    const t = parseTemplate('{{ .x.y }}');
    templateReferences(t)[0]?.path.push('z');
    expect(paths('{{ .x.y }}')).toEqual(['x.y']);
  });

  it('throws the parse error for invalid templates', () => {
    expect(() => templateReferences('{{ .x')).toThrow(/unclosed action/);
  });
});
