// Answers in the wrong wire format: a model pointed at a server that speaks another API
// (an Anthropic model at an OpenAI-compatible server), a proxy's HTML page, an empty body.
// The error names the provider, the URL and what came back, never an SDK's TypeError.
import { ProviderError } from './errors.js';
import type { ProviderName } from './types.js';

/** What each API's answer must look like, and how to recognise the other one. */
const EXPECTED: Record<Exclude<ProviderName, 'mock'>, { api: string; key: string }> = {
  openai: { api: 'an OpenAI chat completion (with "choices")', key: 'choices' },
  anthropic: { api: 'an Anthropic Messages response (with a "content" list)', key: 'content' },
};

/** Returns `body` when it has the provider's top-level shape; throws a bad_response error otherwise. */
export function expectWireShape<T>(provider: Exclude<ProviderName, 'mock'>, url: string, body: unknown): T {
  const { api, key } = EXPECTED[provider];
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(value)) return body as T;
  throw wrongFormat(provider, url, `expected ${api}, got ${describeBody(body)}`);
}

/** A bad_response error for an answer that could not be read at all (e.g. a JSON syntax error). */
export function wrongFormat(provider: ProviderName, url: string, what: string): ProviderError {
  return new ProviderError({
    provider, kind: 'bad_response',
    message: `${provider} at ${url}: the server answered in the wrong format: ${what}; fix: point the base URL at a server that speaks the ${provider} API, or set the agent's provider to the API the server speaks`,
  });
}

/** A short account of a body: `an HTML page ("<html>…")`, `a JSON object with keys id, choices`. */
export function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return 'an empty body';
  if (typeof body === 'string') {
    const shown = JSON.stringify(body.trim().slice(0, 60));
    return /^\s*</.test(body) ? `an HTML page (${shown})` : `text ${shown}`;
  }
  if (Array.isArray(body)) return 'a JSON list';
  if (typeof body !== 'object') return `JSON ${typeof body} ${String(body)}`;
  const keys = Object.keys(body);
  const guess = 'choices' in body ? ' (an OpenAI chat completion?)' : 'content' in body && 'stop_reason' in body ? ' (an Anthropic message?)' : '';
  return `a JSON object with ${keys.length === 0 ? 'no keys' : `keys ${keys.slice(0, 6).join(', ')}`}${guess}`;
}
