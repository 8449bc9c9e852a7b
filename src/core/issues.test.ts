import { describe, expect, it } from 'vitest';
import {
  didYouMean, editDistance, fieldError, fieldWarning, formatIssue, formatPath, hasErrors, joinPath, parsePath, underPath, useOneOf,
} from './issues.js';

describe('formatIssue', () => {
  it('writes path, message and fix on one line', () => {
    const issue = fieldError('spec.pipeline[1].dependsOn[0]', 'unknown step "reviewr"', useOneOf('reviewr', ['research', 'review', 'write']));
    expect(formatIssue(issue)).toBe('spec.pipeline[1].dependsOn[0]: unknown step "reviewr"; fix: use one of research, review, write (did you mean "review"?)');
  });

  it('leaves out an empty path and a missing fix', () => {
    expect(formatIssue(fieldWarning('', 'whole object'))).toBe('whole object');
    expect(formatIssue(fieldError('spec.model', 'required'))).toBe('spec.model: required');
  });

  it('tells errors from warnings', () => {
    expect(hasErrors([fieldWarning('a', 'w')])).toBe(false);
    expect(hasErrors([fieldWarning('a', 'w'), fieldError('b', 'e')])).toBe(true);
  });
});

describe('didYouMean', () => {
  it('finds typos by edit distance, ignoring case', () => {
    expect(didYouMean('reviewr', ['research', 'review', 'write'])).toBe('review');
    expect(didYouMean('promt', ['prompt', 'systemPrompt'])).toBe('prompt');
    expect(didYouMean('Research', ['research'])).toBe('research');
  });

  it('stays silent when nothing is close', () => {
    expect(didYouMean('fastest', ['round-robin', 'least-busy', 'random'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('computes Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('wirte', 'write')).toBe(1);
  });

  it('says when there is nothing to choose from', () => {
    expect(useOneOf('x', [])).toBe('none are declared');
    expect(useOneOf('zzz', ['a', 'b'])).toBe('use one of a, b');
  });
});

describe('paths', () => {
  it('formats segments and parses them back', () => {
    const segments = ['metadata', 'labels', 'arkonis.dev/team'];
    expect(formatPath(segments)).toBe('metadata.labels["arkonis.dev/team"]');
    expect(parsePath(formatPath(segments))).toEqual(segments);
    expect(parsePath('spec.roles[0].limits.maxTokensPerCall')).toEqual(['spec', 'roles', 0, 'limits', 'maxTokensPerCall']);
    expect(formatPath(['spec', 'pipeline', 2, 'inputs', 'prompt'])).toBe('spec.pipeline[2].inputs.prompt');
    expect(parsePath('spec.input["a \\"b\\" ]c"]')).toEqual(['spec', 'input', 'a "b" ]c']);
  });

  it('nests relative paths under a base', () => {
    expect(joinPath('spec.roles[0]', 'limits')).toBe('spec.roles[0].limits');
    expect(joinPath('spec', '[1]')).toBe('spec[1]');
    expect(joinPath('', 'spec')).toBe('spec');
    expect(underPath('spec.roles[2]', [fieldError('', 'm'), fieldError('tools[0].url', 'm')]).map((i) => i.path))
      .toEqual(['spec.roles[2]', 'spec.roles[2].tools[0].url']);
  });
});
