import { describe, expect, it } from 'vitest';
import { queueOfAgent } from './names.js';

describe('queueOfAgent', () => {
  it('is the agent queue of a standalone agent and the role queue of a team role agent', () => {
    expect(queueOfAgent('ns', 'writer', {})).toBe('ns.writer');
    expect(queueOfAgent('ns', 'blog-writer', { 'arkonis.dev/team': 'blog', 'arkonis.dev/role': 'writer' })).toBe('ns.blog.writer');
    expect(queueOfAgent('ns', 'solo', { 'arkonis.dev/team': 'blog' })).toBe('ns.blog.solo'); // a team label without a role: the agent's name is the role
  });
});
