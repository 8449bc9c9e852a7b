// Which adapter serves a model name (SPEC §4). Pure and total: every name maps somewhere,
// because any unknown model is assumed to sit behind an OpenAI-compatible endpoint
// (Ollama, vLLM, LM Studio) reached through OPENAI_BASE_URL.
import type { ProviderName } from './types.js';

const OPENAI_PREFIXES = ['gpt-', 'o1', 'o3', 'o4'] as const;

export function detectProvider(model: string): ProviderName {
  const name = model.trim().toLowerCase();
  if (name === 'mock') return 'mock';
  if (name.startsWith('claude-')) return 'anthropic';
  if (OPENAI_PREFIXES.some((prefix) => name.startsWith(prefix))) return 'openai';
  return 'openai';
}

/** o-series reasoning models take `max_completion_tokens` instead of `max_tokens`. */
export function isOpenAIReasoningModel(model: string): boolean {
  return /^o[134]/i.test(model.trim());
}
