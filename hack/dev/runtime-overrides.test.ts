import { describe, expect, it } from 'vitest';
import { parseRuntimeOverrides } from './runtime-overrides.js';

describe('parseRuntimeOverrides', () => {
  it('turns --provider and --mock-delay into container env, keeping the positionals', () => {
    expect(parseRuntimeOverrides(['/state', 'kubeconfig', '--provider', 'mock', '--mock-delay', '400', 'bin'])).toEqual({
      env: { ARK_PROVIDER: 'mock', MOCK_DELAY_MS: '400' }, argv: ['--provider', 'mock', '--mock-delay', '400'], positionals: ['/state', 'kubeconfig', 'bin'],
    });
    expect(parseRuntimeOverrides([])).toEqual({ env: {}, argv: [], positionals: [] });
  });

  it('refuses bad values and unknown flags, naming the flag, the value and the fix', () => {
    expect(() => parseRuntimeOverrides(['--provider', 'gemini'])).toThrow('--provider: unknown provider "gemini"; fix: use one of auto, openai, anthropic, mock');
    expect(() => parseRuntimeOverrides(['--mock-delay', 'soon'])).toThrow('--mock-delay: expected whole milliseconds ≥ 0, got "soon"; fix: e.g. --mock-delay 400');
    expect(() => parseRuntimeOverrides(['--model', 'x'])).toThrow(/--model.*fix: the only flags are --provider/);
  });
});
