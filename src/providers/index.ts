// The providers package: createProvider picks and builds an adapter. Nothing here reads
// process.env; entry points parse config once and pass it in. The CLI maps
// OPENAI_API_KEY / OPENAI_BASE_URL to the openai options and ANTHROPIC_API_KEY /
// ANTHROPIC_BASE_URL to the anthropic ones (keys come from a Secret via envFrom in a
// cluster). Real adapters load their SDK only when created.
import { createMockProvider, type MockOptions } from './mock.js';
import type { Clock } from '../engine/clock.js';
import type { Provider, ProviderName } from './types.js';

export interface ProviderOptions {
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
  mock?: MockOptions;
  /** Retry backoff (and the mock's delay) run on this clock. */
  clock?: Clock;
  /** Where the key comes from, for auth errors; default: a Secret via envFrom. */
  keyHint?: string;
}

export async function createProvider(name: ProviderName, options: ProviderOptions = {}): Promise<Provider> {
  const { mock, ...real } = options;
  switch (name) {
    case 'mock':
      return createMockProvider({ ...mock, ...(options.clock ? { clock: options.clock } : {}) });
    case 'openai':
      return (await import('./openai.js')).createOpenAIProvider(real);
    case 'anthropic':
      return (await import('./anthropic.js')).createAnthropicProvider(real);
  }
}

export type * from './types.js';
export { detectProvider } from './detect.js';
export { ProviderError, type ProviderErrorKind } from './errors.js';
export type { RetryOptions } from './retry.js';
export { createMockProvider, type MockOptions, type MockResponse, type MockToolCall } from './mock.js';
export { loadMockResponses, parseMockResponses, type MockResponsesFile } from './mock-file.js';
export { minimalInstance } from './mock-schema.js';
