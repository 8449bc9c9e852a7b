import { describe, expect, it } from 'vitest';
import type { ArkTeamSpecInput } from '../../api/index.js';
import { validatePipeline } from './pipeline.js';
import { lines, teamSpec } from './testing.js';

const check = (change: (spec: ArkTeamSpecInput) => void) => lines(validatePipeline(teamSpec(change)));

/** research → write → review, each reading the step before. */
function threeSteps(s: ArkTeamSpecInput): void {
  s.roles.push({ name: 'review', model: 'gpt-4o', systemPrompt: 'You review.' });
  s.pipeline?.push({ role: 'review', dependsOn: ['write'], inputs: { prompt: 'Review {{ .steps.write.output }}' } });
}

describe('steps', () => {
  it('accepts a well-formed DAG', () => {
    expect(check(threeSteps)).toEqual([]);
  });

  it('rejects unknown roles with a suggestion', () => {
    expect(check((s) => { s.pipeline?.push({ role: 'reviewer' }); })).toEqual([
      'error: spec.pipeline[2].role: unknown role "reviewer"; fix: use one of research, write',
    ]);
    expect(check((s) => { threeSteps(s); s.pipeline?.push({ role: 'reveiw' }); })[0]).toBe(
      'error: spec.pipeline[3].role: unknown role "reveiw"; fix: use one of research, write, review (did you mean "review"?)');
  });

  it('rejects the same role twice', () => {
    expect(check((s) => { s.pipeline?.push({ role: 'research' }); })).toEqual([
      'error: spec.pipeline[2].role: step "research" is already defined by spec.pipeline[0]; fix: a role runs once per pipeline; declare another role for the second step',
    ]);
  });
});

describe('dependsOn', () => {
  it('rejects unknown, self and duplicate dependencies', () => {
    expect(check((s) => {
      threeSteps(s);
      const review = s.pipeline?.[2];
      if (review) review.dependsOn = ['reviewr', 'review', 'write', 'write'];
    })).toEqual([
      'error: spec.pipeline[2].dependsOn[0]: unknown step "reviewr"; fix: use one of research, write',
      'error: spec.pipeline[2].dependsOn[1]: step "review" depends on itself; fix: remove it from dependsOn',
      'error: spec.pipeline[2].dependsOn[3]: "write" is listed twice; fix: list each dependency once',
    ]);
  });

  it('suggests the closest step', () => {
    expect(check((s) => { threeSteps(s); const review = s.pipeline?.[2]; if (review) review.dependsOn = ['wrte']; })[0])
      .toBe('error: spec.pipeline[2].dependsOn[0]: unknown step "wrte"; fix: use one of research, write (did you mean "write"?)');
  });

  it('reports a cycle with its path', () => {
    expect(check((s) => {
      threeSteps(s);
      const research = s.pipeline?.[0];
      if (research) research.dependsOn = ['review'];
    })).toContain('error: spec.pipeline[0].dependsOn[0]: dependency cycle: research → review → write → research; fix: remove one of these dependsOn entries');
  });
});

describe('templates', () => {
  it('reports syntax errors with their position inside the field', () => {
    expect(check((s) => { const step = s.pipeline?.[0]; if (step) step.inputs = { prompt: 'a\n{{ .input.topic ' }; })).toEqual([
      expect.stringMatching(/^error: spec\.pipeline\[0\]\.inputs\.prompt: line 2, column \d+: .+; fix: fix the template syntax/),
    ]);
  });

  it('rejects undeclared inputs, also in the older input map form', () => {
    expect(check((s) => { const step = s.pipeline?.[0]; if (step) step.inputs = { prompt: '{{ .input.topik }}' }; })).toEqual([
      'error: spec.pipeline[0].inputs.prompt: line 1, column 4: unknown input "topik"; fix: use one of topic (did you mean "topic"?), or declare it in spec.inputs',
    ]);
    expect(check((s) => {
      delete s.inputs;
      s.input = { topic: 'AI' };
    })).toEqual([]);
    expect(check((s) => { delete s.inputs; })).toEqual([
      'error: spec.pipeline[0].inputs.prompt: line 1, column 13: unknown input "topic"; fix: declare it in spec.inputs (- name: topic)',
    ]);
  });

  it('refuses literal regex patterns RE2 rejects, wherever the call sits', () => {
    const prompt = [
      '{{ if regexMatch "^ok" .input.topic }}fine{{ end }}',
      '{{ if regexMatch "(?<=x)y" .input.topic }}a{{ end }}',
      '{{ range $t := list .input.topic }}{{ (.input.topic | regexMatch "a++") }}{{ end }}',
      '{{ regexMatch .input.topic "patterns from data are checked when rendered" }}',
    ].join('\n');
    expect(check((s) => { const step = s.pipeline?.[0]; if (step) step.inputs = { prompt }; })).toEqual([
      'error: spec.pipeline[0].inputs.prompt: line 2, column 18: invalid regular expression `(?<=x)y`: invalid named capture: `(?<=x)y`; '
        + "fix: RE2 has no lookahead or lookbehind (it matches in linear time): match the text itself, or check what must not appear with a separate pattern (for a step's output, validate.rejectPatterns)",
      'error: spec.pipeline[0].inputs.prompt: line 3, column 66: invalid regular expression `a++`: invalid nested repetition operator: `++`; '
        + 'fix: RE2 has no possessive quantifiers; it never backtracks, so write a+ for a++',
    ]);
  });

  it('only lets a step read steps it depends on, directly or transitively', () => {
    expect(check((s) => {
      threeSteps(s);
      const review = s.pipeline?.[2];
      if (review) review.inputs = { prompt: '{{ .steps.research.output }}', extra: '{{ .steps.write.data.score }}' };
    })).toEqual([]);
    expect(check((s) => {
      threeSteps(s);
      const write = s.pipeline?.[1];
      if (write) write.if = '{{ .steps.review.phase }}';
    })).toEqual([
      'error: spec.pipeline[1].if: line 1, column 4: step "review" may not have run yet; fix: add review to dependsOn',
    ]);
  });

  it('lets a step read its own result only in loop.condition', () => {
    expect(check((s) => {
      const write = s.pipeline?.[1];
      if (write) write.loop = { condition: '{{ ge (index .steps.write.data "confidence" | float64) 0.8 }}', maxIterations: 3 };
    })).toEqual([]);
    expect(check((s) => {
      const write = s.pipeline?.[1];
      if (write) write.inputs = { prompt: '{{ .steps.write.output }}' };
    })).toEqual([
      'error: spec.pipeline[1].inputs.prompt: line 1, column 4: step "write" cannot read its own result here; fix: use it only in loop.condition',
    ]);
  });

  it('knows the step fields and the roots', () => {
    expect(check((s) => {
      const write = s.pipeline?.[1];
      if (write) write.inputs = { a: '{{ .steps.research.outptu }}', b: '{{ .steps.research.output.x }}', c: '{{ .trigger.body.x }}{{ .inputs.topic }}' };
    })).toEqual([
      'error: spec.pipeline[1].inputs.a: line 1, column 4: unknown field "outptu" of step "research"; fix: use one of output, data, phase (did you mean "output"?)',
      'error: spec.pipeline[1].inputs.b: line 1, column 4: .steps.research.output is text and has no fields; fix: read JSON fields through .steps.research.data',
      'error: spec.pipeline[1].inputs.c: line 1, column 25: unknown field ".inputs"; fix: templates read .input, .steps or .trigger (did you mean ".input"?)',
    ]);
  });
});

describe('output checks', () => {
  const LOOKAROUND_FIX = 'fix: RE2 has no lookahead or lookbehind (it matches in linear time): match the text itself, '
    + "or check what must not appear with a separate pattern (for a step's output, validate.rejectPatterns)";
  const withValidate = (validate: NonNullable<NonNullable<ArkTeamSpecInput['pipeline']>[number]['validate']>, outputSchema?: string) =>
    check((s) => { const step = s.pipeline?.[0]; if (step) { step.validate = validate; if (outputSchema !== undefined) step.outputSchema = outputSchema; } });

  it('accepts RE2 patterns and JSON Schema text', () => {
    expect(withValidate({
      contains: '^\\s*\\{', rejectPatterns: ['(?i)ignore\\s+previous'], schema: '{"type": "object"}', semantic: 'Is it good?',
      onFailure: 'retry', maxRetries: 3,
    }, '{"type": "object", "properties": {"summary": {"type": "string"}}}\n')).toEqual([]);
  });

  it('rejects patterns and schemas that do not compile', () => {
    expect(withValidate({ contains: 'a(?=b)', rejectPatterns: ['ok', '[', '(a)\\1'], schema: '{"type": 1}' }, '{nope')).toEqual([
      expect.stringMatching(/^error: spec\.pipeline\[0\]\.outputSchema: JSON Schema is not valid JSON: /),
      'error: spec.pipeline[0].validate.contains: invalid regular expression `a(?=b)`: invalid or unsupported Perl syntax: `(?=`; '
        + LOOKAROUND_FIX,
      'error: spec.pipeline[0].validate.rejectPatterns[1]: invalid regular expression `[`: missing closing ]: `[`; '
        + 'fix: close every ( and [, and escape literal metacharacters with \\ (RE2 syntax: https://github.com/google/re2/wiki/Syntax)',
      'error: spec.pipeline[0].validate.rejectPatterns[2]: invalid regular expression `(a)\\1`: invalid escape sequence: `\\1`; '
        + 'fix: RE2 has no backreferences (\\1, \\k<name>, (?P=name)): match the repeated text explicitly',
      expect.stringMatching(/^error: spec\.pipeline\[0\]\.validate\.schema: invalid JSON Schema: \/type: /),
    ]);
  });

  it('accepts the whole Go dialect, flags anywhere included', () => {
    expect(withValidate({ contains: '(?U)\\A\\pL+(?i:x)\\z', rejectPatterns: ['(?P<n>[[:^alpha:]])', '\\Q.*\\E'] })).toEqual([]);
  });

  it('refuses a JSON Schema pattern RE2 rejects, with the regex fix', () => {
    expect(withValidate({ schema: '{"type": "string", "pattern": "^(?!draft)"}' }, '{"patternProperties": {"(?<=x)": {"type": "number"}}}')).toEqual([
      'error: spec.pipeline[0].outputSchema: invalid JSON Schema: invalid regular expression `(?<=x)`: invalid named capture: `(?<=x)`; '
        + LOOKAROUND_FIX,
      'error: spec.pipeline[0].validate.schema: invalid JSON Schema: invalid regular expression `^(?!draft)`: invalid or unsupported Perl syntax: `(?!`; '
        + LOOKAROUND_FIX,
    ]);
  });

  it('warns when retry has no retries', () => {
    expect(withValidate({ contains: 'x', onFailure: 'retry', maxRetries: 0 })).toEqual([
      'warning: spec.pipeline[0].validate.maxRetries: onFailure is retry but maxRetries is 0, so a failed check fails the step; fix: set maxRetries to 1 or more, or onFailure: fail',
    ]);
  });
});
