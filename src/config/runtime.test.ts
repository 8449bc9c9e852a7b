import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from './runtime.js';

const base = { TASK_QUEUE_URL: 'redis://127.0.0.1:6379', AGENT_NAME: 'writer', AGENT_SPEC: JSON.stringify({ model: 'gpt-4o-mini', systemPrompt: 'Write.' }) };

describe('parseRuntimeConfig: the provider', () => {
  it('is auto by default, ARK_PROVIDER forces one, and --provider wins over the variable', () => {
    const provider = (env: Record<string, string>, flags = {}) => {
      const parsed = parseRuntimeConfig(env, flags, 'host');
      return parsed.ok ? parsed.config.provider : parsed.problems;
    };
    expect(provider(base)).toBe('auto');
    expect(provider({ ...base, ARK_PROVIDER: 'mock' })).toBe('mock');
    expect(provider({ ...base, ARK_PROVIDER: 'mock' }, { provider: 'anthropic' })).toBe('anthropic');
  });

  it('refuses an unknown provider, naming the variable, the value and the fix', () => {
    const parsed = parseRuntimeConfig({ ...base, ARK_PROVIDER: 'gemini' }, {}, 'host');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([expect.stringMatching(/^ARK_PROVIDER: .*"auto".*"mock".* \("gemini"\); fix: correct ARK_PROVIDER$/)]);
  });
});
