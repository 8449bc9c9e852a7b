import { describe, expect, it } from 'vitest';
import { formatIssue } from '../issues.js';
import { validateDocument } from './index.js';
import { validateRunInput } from './run.js';
import { document, teamSpec, teamSpecInput } from './testing.js';

describe('ARKONIS compatibility and URL safety', () => {
  it('accepts an input declaration without a type, with any default and any given value', () => {
    const spec = teamSpecInput();
    spec.inputs = [{ name: 'topic', required: true }, { name: 'depth', default: 3 }];
    expect(validateDocument(document('ArkTeam', spec)).ok).toBe(true);
    const parsed = teamSpec((s) => { s.inputs = [{ name: 'topic' }, { name: 'depth', default: 3 }]; });
    expect(validateRunInput(parsed, { topic: { nested: true } })).toEqual({ input: { topic: { nested: true }, depth: 3 }, issues: [], missing: [] });
  });

  it('refuses tool and MCP URLs that are not http(s)', () => {
    const result = validateDocument(document('ArkAgent', {
      model: 'gpt-4o', systemPrompt: 'x',
      tools: [{ name: 'read', url: 'file:///etc/passwd' }],
      mcpServers: [{ name: 'm', url: 'javascript:alert(1)' }],
    }));
    expect(result.ok).toBe(false);
    const lines = result.issues.map(formatIssue);
    expect(lines).toContainEqual(expect.stringMatching(/^spec\.tools\[0\]\.url: .*http/));
    expect(lines).toContainEqual(expect.stringMatching(/^spec\.mcpServers\[0\]\.url: .*http/));
  });
});
