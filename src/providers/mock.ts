// The deterministic mock provider (SPEC §4): no network, no clock beyond an optional
// delay, same answer for the same conversation. How it answers one request:
//
// 1. Matching. The first response whose `match` is a substring of the LAST USER message
//    wins; if none does, the responses are tried again against the system prompt (all
//    system messages joined by "\n"), so one file can script agents by role. An empty
//    `match` matches everything.
// 2. Tool calls. A matched response with `toolCalls` returns them (stopReason
//    'tool_calls', ids `call_<n>` numbered across the conversation) until a tool result
//    appears after the last user message; from then on it returns its reply.
// 3. Reply text. `{{tool:<name>}}` in a reply is replaced by the content of the latest
//    tool result from tool <name> (empty if there is none).
// 4. No match (or a match without `reply`): a request with `responseSchema` gets the
//    JSON of a minimal schema instance (mock-schema.ts); else `defaultReply` if set;
//    else the echo `Mock response to: <the last user message>`, cut at a word boundary
//    before 200 characters and marked ` […]` when longer.
//
// Usage: input = ceil(chars of all message contents / 4), output = ceil(chars of the
// reply, or of the tool calls' JSON, / 4).
import { usageOf } from '../core/usage.js';
import { abortedError } from './errors.js';
import { minimalInstance } from './mock-schema.js';
import { sleep, systemClock, type Clock } from '../engine/clock.js';
import type { ChatMessage, CompletionRequest, CompletionResult, Provider, ToolCall } from './types.js';

export interface MockToolCall {
  name: string;
  arguments?: Record<string, unknown>;
}

export interface MockResponse {
  /** Substring of the last user message (or, failing that, of the system prompt). */
  match: string;
  reply?: string;
  toolCalls?: MockToolCall[];
  /** Applies only to semantic checks (e.g. reply INVALID to fail one); default: answers only. */
  verdict?: boolean;
}

export interface MockOptions {
  responses?: MockResponse[];
  /** Reply for unmatched requests without a responseSchema; default is the echo. */
  defaultReply?: string;
  /** Wait before answering, in ms; the request's abort signal cuts it short. */
  delayMs?: number;
  /** The clock the delay runs on (default: the system clock). */
  clock?: Clock;
}

const ECHO_PREFIX = 'Mock response to: ';
const ECHO_CHARS = 200;

export function createMockProvider(options: MockOptions = {}): Provider {
  return {
    name: 'mock',
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const { signal } = request;
      if (signal?.aborted) throw abortedError('mock', signal.reason);
      if (options.delayMs && options.delayMs > 0) {
        await sleep(options.clock ?? systemClock, options.delayMs, signal);
        if (signal?.aborted) throw abortedError('mock', signal.reason);
      }
      return answer(request, options);
    },
  };
}

function mockTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function answer(request: CompletionRequest, options: MockOptions): CompletionResult {
  const { messages } = request;
  const lastUserIndex = messages.findLastIndex((m) => m.role === 'user');
  const lastUser = contentAt(messages, lastUserIndex);
  const system = messages.flatMap((m) => (m.role === 'system' ? [m.content] : [])).join('\n');
  const responses = options.responses ?? [];
  // Verdict calls (semantic checks) only see replies scripted for verdicts, and vice versa:
  // the judged output is part of the verdict prompt and must not trigger the answer's reply.
  const candidates = responses.filter((r) => Boolean(r.verdict) === (request.purpose === 'verdict'));
  const matched = findMatch(candidates, lastUser) ?? findMatch(candidates, system);
  const input = mockTokens(messages.map((m) => m.content).join(''));
  const hasToolResults = messages.slice(lastUserIndex + 1).some((m) => m.role === 'tool');

  if (matched?.toolCalls?.length && !hasToolResults) {
    const toolCalls = numberToolCalls(matched.toolCalls, countToolCalls(messages));
    return { content: '', toolCalls, stopReason: 'tool_calls', usage: usageOf(input, mockTokens(JSON.stringify(toolCalls))) };
  }
  const raw = matched?.reply ?? fallbackReply(request, options, lastUser);
  const content = renderToolResults(raw, messages);
  return { content, toolCalls: [], stopReason: 'stop', usage: usageOf(input, mockTokens(content)) };
}

function findMatch(responses: MockResponse[], text: string): MockResponse | undefined {
  return responses.find((r) => text.includes(r.match));
}

function fallbackReply(request: CompletionRequest, options: MockOptions, lastUser: string): string {
  if (request.responseSchema) return JSON.stringify(minimalInstance(request.responseSchema));
  if (request.purpose === 'verdict') return 'VALID';
  return options.defaultReply ?? ECHO_PREFIX + echoed(lastUser);
}

/** The message up to ECHO_CHARS, cut at a word boundary and marked when shortened. */
function echoed(text: string): string {
  if (text.length <= ECHO_CHARS) return text;
  const head = text.slice(0, ECHO_CHARS);
  const space = head.search(/\s\S*$/);
  return `${(space > ECHO_CHARS / 2 ? head.slice(0, space) : head).trimEnd()} […]`;
}

function numberToolCalls(calls: MockToolCall[], already: number): ToolCall[] {
  return calls.map((call, i) => ({ id: `call_${already + i + 1}`, name: call.name, arguments: structuredClone(call.arguments ?? {}) }));
}

function countToolCalls(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + (m.role === 'assistant' ? (m.toolCalls?.length ?? 0) : 0), 0);
}

function renderToolResults(text: string, messages: ChatMessage[]): string {
  return text.replace(/\{\{\s*tool:([^}\s]+)\s*\}\}/g, (_, name: string) => {
    const result = messages.findLast((m) => m.role === 'tool' && m.name === name);
    return result?.content ?? '';
  });
}

function contentAt(messages: ChatMessage[], index: number): string {
  return index >= 0 ? (messages[index]?.content ?? '') : '';
}
