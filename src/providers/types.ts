// The provider port: one LLM call in a provider-neutral shape. The engine and the agent
// runtime call only this interface; adapters (mock, openai, anthropic) translate it.

/** A JSON Schema object, as written in YAML (tool input schemas, step outputSchema). */
export type JsonSchema = Record<string, unknown>;

export interface ToolCall {
  /** Provider-assigned id; tool results refer back to it. */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: JsonSchema;
}

import type { TokenUsage } from '../api/index.js';

/** One call's token counts, in the shape every layer uses. */
export type { TokenUsage };

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** Sent as the provider's max output tokens (ArkAgent limits.maxTokensPerCall). */
  maxTokens?: number;
  /**
   * The JSON Schema the answer must satisfy (a step's outputSchema). Real providers add it
   * to the instructions; the mock provider answers with a minimal instance of it.
   */
  responseSchema?: JsonSchema;
  /**
   * 'verdict': a semantic check whose answer must start with VALID or INVALID. Real
   * providers send it like any call; the mock answers VALID unless a verdict reply is scripted.
   */
  purpose?: 'verdict';
  signal?: AbortSignal;
  /** Told before each retry of this call (after a 429, a 5xx, a timeout), so progress can show it. */
  onRetry?: (retry: RetryNotice) => void;
}

export interface RetryNotice {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** Why the previous attempt failed, e.g. `openai: HTTP 429 …`. */
  reason: string;
}

export interface CompletionResult {
  content: string;
  toolCalls: ToolCall[];
  usage: TokenUsage;
  /** 'tool_calls' when the model asks for tools; the caller runs them and calls again. */
  stopReason: 'stop' | 'tool_calls' | 'max_tokens';
}

export interface Provider {
  readonly name: ProviderName;
  /** Where calls go (a base URL without credentials), for progress lines; absent for the mock. */
  readonly endpoint?: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

export type ProviderName = 'openai' | 'anthropic' | 'mock';

