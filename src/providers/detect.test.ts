import { describe, expect, it } from 'vitest';
import { detectProvider, isOpenAIReasoningModel } from './detect.js';

describe('detectProvider', () => {
  it.each([
    ['claude-sonnet-4-5', 'anthropic'],
    ['claude-3-5-haiku-latest', 'anthropic'],
    ['gpt-4o-mini', 'openai'],
    ['o1-preview', 'openai'],
    ['o3-mini', 'openai'],
    ['o4-mini', 'openai'],
    ['mock', 'mock'],
    ['llama3.2', 'openai'],
    ['qwen2.5:7b', 'openai'],
    ['', 'openai'],
  ] as const)('%s ⇒ %s', (model, provider) => {
    expect(detectProvider(model)).toBe(provider);
  });

  it('knows which models take max_completion_tokens', () => {
    expect(['o1', 'o3-mini', 'o4-mini'].map(isOpenAIReasoningModel)).toEqual([true, true, true]);
    expect(['gpt-4o', 'llama3.2', 'olmo'].map(isOpenAIReasoningModel)).toEqual([false, false, false]);
  });
});
