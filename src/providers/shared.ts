// What the openai and anthropic adapters share: the provider shell around an SDK
// (key check, lazy import, explicit client settings, error mapping, retries) and small
// helpers for the wire mapping. Each adapter keeps only its request/response mapping.
import { ProviderError } from './errors.js';
import type { Clock } from '../engine/clock.js';
import { withRetry } from './retry.js';
import { fromSdkError, type SdkErrorClasses } from './sdk-errors.js';
import { wrongFormat } from './wire.js';
import type { ChatMessage, CompletionRequest, CompletionResult, JsonSchema, Provider, ProviderName, RetryNotice } from './types.js';

/** Options of the openai and anthropic adapters (see ProviderOptions in index.ts). */
export interface RealProviderOptions {
  /** Never logged; scrubbed from error messages. Optional only with a baseURL. */
  apiKey?: string;
  baseURL?: string;
  /** Per-attempt timeout; the SDK default (10 minutes) when unset. */
  timeoutMs?: number;
  /** Retries after the first attempt for retryable errors; default 2. */
  maxRetries?: number;
  /** The clock backoff waits run on; injected by tests. */
  clock?: Clock;
  /** Where the key comes from, for auth errors; default: a Secret via envFrom (the cluster's way). */
  keyHint?: string;
}

/**
 * Settings every SDK client gets, so it never falls back to process.env or credential
 * files and never retries on its own (withRetry owns that policy).
 */
export interface ClientSettings {
  apiKey: string;
  baseURL: string;
  timeout: number | undefined;
  maxRetries: 0;
}

/** A loaded SDK: its error classes, and one attempt on the wire for a request. */
export interface SdkClient {
  errors: SdkErrorClasses;
  send(request: CompletionRequest): Promise<CompletionResult>;
}

export interface RealProviderSpec {
  name: Exclude<ProviderName, 'mock'>;
  options: RealProviderOptions;
  defaultBaseURL: string;
  /** The auth error when there is neither a key nor a base URL; names the variable to set. */
  missingKeyMessage: string;
  /** Imports the SDK (lazily, so `ark` loads it only when a run uses this provider). */
  load(settings: ClientSettings): Promise<SdkClient>;
}

/** Sent when a compatible local endpoint needs no key (the SDKs insist on one). */
const NO_KEY = 'no-key';

export async function createRealProvider(spec: RealProviderSpec): Promise<Provider> {
  const { name, options } = spec;
  if (!options.apiKey && !options.baseURL) throw new ProviderError({ provider: name, kind: 'auth', message: spec.missingKeyMessage });
  const baseURL = options.baseURL ?? spec.defaultBaseURL;
  const client = await spec.load({ apiKey: options.apiKey || NO_KEY, baseURL, timeout: options.timeoutMs, maxRetries: 0 });
  const attempt = async (request: CompletionRequest): Promise<CompletionResult> => {
    try {
      return await client.send(request);
    } catch (err) {
      // The SDKs parse a JSON content type blindly: an HTML error page surfaces as a SyntaxError.
      if (err instanceof SyntaxError) throw wrongFormat(name, baseURL, `a body that is not JSON (${err.message})`);
      throw fromSdkError(err, {
        provider: name, classes: client.errors, signal: request.signal, secret: options.apiKey, timeoutMs: options.timeoutMs,
        url: baseURL, ...(options.keyHint === undefined ? {} : { keyHint: options.keyHint }),
      });
    }
  };
  return {
    name,
    endpoint: displayEndpoint(baseURL),
    complete: (request) => withRetry(() => attempt(request), {
      provider: name, maxRetries: options.maxRetries, signal: request.signal,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(request.onRetry ? { onRetry: retryReporter(request.onRetry) } : {}),
    }),
  };
}

function retryReporter(onRetry: (retry: RetryNotice) => void): (attempt: number, delayMs: number, err: ProviderError) => void {
  return (attempt, delayMs, err) => onRetry({ attempt, delayMs, reason: err.message });
}

/** The base URL as shown to users: no user info, no query. */
function displayEndpoint(raw: string): string {
  if (!URL.canParse(raw)) return raw;
  const url = new URL(raw);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
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
