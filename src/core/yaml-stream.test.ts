import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from './documents.js';
import { MAX_YAML_BYTES, MAX_YAML_DEPTH } from './yaml-stream.js';

const messages = (text: string) => parseYamlDocuments(text, 'f.yaml').issues.map((issue) => [issue.line, issue.message, issue.fix]);

describe('the bounded YAML reader', () => {
  it('refuses nesting past the bound before composing, at the line where it passes it', () => {
    const deep = Array.from({ length: MAX_YAML_DEPTH + 5 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const parsed = parseYamlDocuments(`${deep}\n---\nkind: Fine\n`, 'f.yaml');
    expect(parsed.issues).toMatchObject([{ line: MAX_YAML_DEPTH + 1, message: `YAML: nested deeper than ${MAX_YAML_DEPTH} levels`, severity: 'error' }]);
    expect(parsed.documents.map((doc) => [doc.index, doc.value])).toEqual([[1, { kind: 'Fine' }]]);
  });

  it('accepts nesting up to the bound', () => {
    const text = `${'['.repeat(MAX_YAML_DEPTH)}${']'.repeat(MAX_YAML_DEPTH)}\n`;
    expect(parseYamlDocuments(text, 'f.yaml').issues).toEqual([]);
  });

  it('reports an alias bomb at its document with a fix', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 4; i++) bomb += `b${i}: &b${i} [${Array(10).fill(i === 1 ? '*a' : `*b${i - 1}`).join(', ')}]\n`;
    expect(messages(bomb)).toEqual([[1, expect.stringMatching(/^YAML: aliases expand more than 100 times/), expect.stringMatching(/alias/)]]);
  });

  it('turns integers into numbers and refuses those beyond 2^53 at their field', () => {
    const parsed = parseYamlDocuments('a: 9007199254740991\nlist:\n  - 1\n  - 99999999999999999999\n', 'f.yaml');
    expect(parsed.issues).toMatchObject([{ line: 4, path: 'list[1]', severity: 'error' }]);
    expect(parseYamlDocuments('a: 9007199254740991\nb: [1, -2]\nc: 1.5\n', 'f.yaml').documents[0]?.value).toEqual({ a: 9007199254740991, b: [1, -2], c: 1.5 });
  });

  it('merges merge keys as kubectl does, and keeps lines of the merged document', () => {
    const parsed = parseYamlDocuments('base: &b { model: m, x: 1 }\nrole:\n  <<: *b\n  x: 2\n', 'f.yaml');
    expect(parsed.documents[0]?.value).toEqual({ base: { model: 'm', x: 1 }, role: { model: 'm', x: 2 } });
    expect(parsed.documents[0]?.lineOf('role.x')).toBe(4);
  });

  it('refuses text over the size limit without parsing it', () => {
    expect(messages(`#${'x'.repeat(MAX_YAML_BYTES)}`)).toEqual([[undefined, expect.stringMatching(/over the 3\.0 MiB limit/), expect.stringMatching(/split/)]]);
  });

  it('gives syntax errors a fix and sorts issues by line', () => {
    const issues = messages('a: 1\na: 2\n---\nb: [1\n');
    expect(issues.map(([line]) => line)).toEqual([...issues.map(([line]) => line)].sort((x, y) => Number(x) - Number(y)));
    expect(issues[0]).toEqual([2, 'YAML: Map keys must be unique', 'remove or rename the repeated key']);
    for (const [, , fix] of issues) expect(fix).toBeTruthy();
  });
});
