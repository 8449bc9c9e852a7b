import { describe, expect, it } from 'vitest';
import { formatIssueAt, parseYamlDocuments } from './documents.js';
import { fieldError } from './issues.js';

const text = `# two documents and an empty one
apiVersion: arkonis.dev/v1alpha1
kind: ArkTeam
metadata:
  name: demo
spec:
  roles:
    - name: research
      model: gpt-4o
      systemPrompt: |
        You research.
---
---
kind: ArkService
spec:
  selector:
    arkAgent: research
`;

describe('parseYamlDocuments', () => {
  const { documents, issues } = parseYamlDocuments(text, 'quickstart.yaml');

  it('returns the documents with their stream index, skipping empty ones', () => {
    expect(issues).toEqual([]);
    expect(documents.map((doc) => doc.index)).toEqual([0, 2]);
    expect(documents[1]?.value).toEqual({ kind: 'ArkService', spec: { selector: { arkAgent: 'research' } } });
  });

  it('maps field paths to 1-based lines', () => {
    const team = documents[0];
    expect(team?.lineOf(['kind'])).toBe(3);
    expect(team?.lineOf('spec.roles[0]')).toBe(8);
    expect(team?.lineOf('spec.roles[0].model')).toBe(9);
    expect(team?.lineOf(['spec', 'roles', 0, 'systemPrompt'])).toBe(10);
    expect(documents[1]?.lineOf('spec.selector.arkAgent')).toBe(17);
  });

  it('falls back to the nearest existing ancestor', () => {
    const team = documents[0];
    expect(team?.lineOf('spec.roles[0].limits.maxTokensPerCall')).toBe(8);
    expect(team?.lineOf('spec.pipeline[3]')).toBe(6);
    expect(team?.lineOf('')).toBe(2);
  });

  it('reports YAML syntax errors with file and line, keeping the good documents', () => {
    const parsed = parseYamlDocuments('kind: ArkAgent\n---\nspec:\n  model: [gpt-4o\n', 'bad.yaml');
    expect(parsed.documents).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ file: 'bad.yaml', severity: 'error', path: '' });
    expect(parsed.issues[0]?.line).toBeGreaterThanOrEqual(4);
    expect(parsed.issues[0]?.message).toMatch(/^YAML: /);
  });

  it('reports duplicate keys', () => {
    const parsed = parseYamlDocuments('a: 1\na: 2\n', 'dup.yaml');
    expect(parsed.issues.map((issue) => [issue.line, issue.message])).toEqual([[2, 'YAML: Map keys must be unique']]);
  });
});

describe('formatIssueAt', () => {
  it('prefixes file and line', () => {
    const issue = fieldError('spec.roles[0].model', 'required', 'set the model id, e.g. gpt-4o');
    expect(formatIssueAt('quickstart.yaml', 12, issue)).toBe('quickstart.yaml:12: spec.roles[0].model: required; fix: set the model id, e.g. gpt-4o');
    expect(formatIssueAt('quickstart.yaml', undefined, issue)).toMatch(/^quickstart\.yaml: spec\.roles/);
  });
});
