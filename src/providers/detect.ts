// Which adapter serves a model name (SPEC §4). Pure and total: every name maps somewhere.
// Only claude-* and mock are singled out; gpt-* and o1/o3/o4 are OpenAI's, and any other
// model is assumed to sit behind an OpenAI-compatible endpoint (Ollama, vLLM, LM Studio)
// reached through OPENAI_BASE_URL, so all of those fall through to openai.
import type { ProviderName } from './types.js';

export function detectProvider(model: string): ProviderName {
  const name = model.trim().toLowerCase();
  if (name === 'mock') return 'mock';
  if (name.startsWith('claude-')) return 'anthropic';
  return 'openai';
}

/** o-series reasoning models take `max_completion_tokens` instead of `max_tokens`. */
export function isOpenAIReasoningModel(model: string): boolean {
  return /^o[134]/i.test(model.trim());
}
