// Templates as ARKONIS teams write them, rendered against the data a run provides.
import { describe, expect, it } from 'vitest';
import { isTruthy, parseOutputData, parseTemplate, renderTemplate, templateReferences } from './index.js';

const reviewOutput = 'Review done.\n```json\n{"score": 8.5, "issues": ["typo", "tone"], "approved": true}\n```';

const run = {
  input: { topic: 'vector databases', audience: 'engineers', lang: '', maxWords: 300, sources: ['arxiv', 'blogs'] },
  steps: {
    research: { output: 'Research notes about vector databases.', data: undefined },
    review: { output: reviewOutput, data: parseOutputData(reviewOutput) },
    score: { output: '{"value": "9"}', data: parseOutputData('{"value": "9"}') },
  },
  trigger: { body: { ticket: 'OPS-12', priority: 'high', labels: { team: 'search' } } },
};

describe('ARKONIS pipeline templates', () => {
  it('renders a step prompt from inputs and earlier outputs', () => {
    const prompt = `Write a {{ .input.maxWords }}-word article about {{ .input.topic | title }} for {{ .input.audience }}
in {{ .input.lang | default "en" }}.
Use these notes:
{{ .steps.research.output | indent 2 }}
Sources: {{ join ", " .input.sources }}`;
    expect(renderTemplate(prompt, run)).toBe(`Write a 300-word article about Vector Databases for engineers
in en.
Use these notes:
  Research notes about vector databases.
Sources: arxiv, blogs`);
  });

  it('evaluates step conditions with JSON data from fenced output', () => {
    const cond = '{{ if gt (.steps.score.data.value | int) 7 }}true{{ else }}false{{ end }}';
    expect(isTruthy(renderTemplate(cond, run))).toBe(true);
    expect(renderTemplate('{{ .steps.review.data.approved }}', run)).toBe('true');
    expect(isTruthy(renderTemplate('{{ lt .steps.review.data.score 5.0 }}', run))).toBe(false);
  });

  it('treats a missing step data field as empty and falsy', () => {
    expect(renderTemplate('{{ .steps.research.data.score }}', run)).toBe('');
    expect(isTruthy(renderTemplate('{{ .steps.research.data.score }}', run))).toBe(false);
    expect(renderTemplate('{{ .steps.research.data.score | int }}', run)).toBe('0');
  });

  it('renders a loop condition over review issues', () => {
    const t = `{{- range $i, $issue := .steps.review.data.issues }}
{{ add $i 1 }}. {{ $issue | upper }}
{{- else }}no issues{{ end }}`;
    expect(renderTemplate(t, run)).toBe('\n1. TYPO\n2. TONE');
  });

  it('renders an event target input from a webhook body', () => {
    const t = '{{ .trigger.body.ticket }} [{{ .trigger.body.priority | upper }}] team={{ .trigger.body.labels.team }}{{ with .trigger.body.assignee }} by {{ . }}{{ end }}';
    expect(renderTemplate(t, run)).toBe('OPS-12 [HIGH] team=search');
  });

  it('renders a team output that embeds JSON', () => {
    const t = '{"topic": {{ .input.topic | toJson }}, "score": {{ .steps.review.data.score }}, "issues": {{ .steps.review.data.issues | toJson }}}';
    expect(JSON.parse(renderTemplate(t, run))).toEqual({ topic: 'vector databases', score: 8.5, issues: ['typo', 'tone'] });
  });

  it('lists every step and input a team template refers to, for admission', () => {
    const t = parseTemplate('{{ .input.topic }} {{ if .steps.review.data.approved }}{{ .steps.publish.output }}{{ end }}{{ range .input.sources }}{{ . }}{{ end }}');
    const refs = templateReferences(t).map((r) => r.path.slice(0, 2).join('.'));
    expect(refs).toEqual(['input.topic', 'steps.review', 'steps.publish', 'input.sources']);
  });

  it('formats scores with printf', () => {
    expect(renderTemplate('{{ printf "%.1f/10" .steps.review.data.score }}', run)).toBe('8.5/10');
    expect(renderTemplate('{{ .steps.review.data.score | int | printf "%d points" }}', run)).toBe('8 points');
  });
});

describe('hostile inputs', () => {
  it('rejects huge unterminated actions with a positioned error', () => {
    expect(() => parseTemplate(`{{ "${'a'.repeat(200_000)}`)).toThrow(/unterminated quoted string/);
    expect(() => parseTemplate('{{'.repeat(50_000))).toThrow(/column 3: unrecognized character in action: "{"/);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(() => parseTemplate(`{{ ${'('.repeat(20_000)}1${')'.repeat(20_000)} }}`)).toThrow(/nesting deeper than 100 levels/);
    expect(() => parseTemplate('{{ if 1 }}'.repeat(20_000))).toThrow(/nesting deeper than 100 levels/);
    expect(renderTemplate(`{{ ${'(print '.repeat(50)}1${')'.repeat(50)} }}`, {})).toBe('1');
  });
});
