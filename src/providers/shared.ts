// Small helpers both real adapters share.
import { ProviderError } from './errors.js';
import type { Sleep } from './retry.js';
import type { ChatMessage, JsonSchema, ProviderName } from './types.js';

/** Options of the openai and anthropic adapters (see ProviderOptions in index.ts). */
export interface RealProviderOptions {
  /** Never logged; scrubbed from error messages. Optional only with a baseURL. */
  apiKey?: string;
  baseURL?: string;
  /** Per-attempt timeout; the SDK default (10 minutes) when unset. */
  timeoutMs?: number;
  /** Retries after the first attempt for retryable errors; default 2. */
  maxRetries?: number;
  /** Waits between retries; injected by tests. */
  sleep?: Sleep;
}

/** The instruction real providers get when a step declares an output schema. */
function schemaInstruction(schema: JsonSchema): string {
  return `Answer with JSON matching this schema, and nothing else: ${JSON.stringify(schema)}`;
}

/** All system messages in order, plus the schema instruction, joined by blank lines. */
export function systemText(messages: ChatMessage[], schema: JsonSchema | undefined): string {
  const parts = messages.flatMap((m) => (m.role === 'system' ? [m.content] : []));
  if (schema) parts.push(schemaInstruction(schema));
  return parts.join('\n\n');
}

/**
 * Tool-call arguments as sent on the wire (a JSON string). An empty string means no
 * arguments. Anything that is not a JSON object is a `bad_response` error naming the
 * tool: guessing `{}` would run the tool with inputs the model never chose.
 */
export function parseToolArguments(provider: ProviderName, tool: string, raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (isRecord(value)) return value;
  const snippet = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  throw new ProviderError({ provider, kind: 'bad_response', message: `${provider}: the model called tool "${tool}" with arguments that are not a JSON object: ${snippet}` });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
