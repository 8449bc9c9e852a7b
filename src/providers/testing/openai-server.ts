// A fake OpenAI chat-completions server speaking the real wire format, for adapter,
// engine and CLI tests: point the openai provider's baseURL at `server.baseURL`.
// Unscripted requests get `Echo: <last user message>`.
import { lastUserText, startFakeServer, type FakeServer, type Responder, type ScriptedReply } from './fake-server.js';

export interface OpenAIServer extends FakeServer {
  /** `${url}/v1`, the value for the provider's baseURL option (OPENAI_BASE_URL). */
  baseURL: string;
}

export interface FakeUsage {
  input?: number;
  output?: number;
}

export async function startOpenAIServer(options: { fallback?: Responder } = {}): Promise<OpenAIServer> {
  const fallback = options.fallback ?? ((req) => openaiText(`Echo: ${lastUserText(req.body)}`));
  const server = await startFakeServer({ paths: ['/v1/chat/completions'], fallback });
  return { ...server, baseURL: `${server.url}/v1` };
}

export function openaiText(content: string, usage: FakeUsage = {}, finishReason = 'stop'): ScriptedReply {
  return { body: completion({ role: 'assistant', content, refusal: null }, finishReason, usage) };
}

export interface FakeToolCall {
  id?: string;
  name: string;
  /** An object is JSON-encoded; a string is sent as is (to test malformed arguments). */
  arguments: Record<string, unknown> | string;
}

export function openaiToolCalls(calls: FakeToolCall[], usage: FakeUsage = {}): ScriptedReply {
  const toolCalls = calls.map((c, i) => ({
    id: c.id ?? `call_${i + 1}`,
    type: 'function',
    function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
  }));
  return { body: completion({ role: 'assistant', content: null, refusal: null, tool_calls: toolCalls }, 'tool_calls', usage) };
}

/** An error in OpenAI's shape, e.g. openaiError(429, 'slow down', { 'retry-after': '1' }). */
export function openaiError(status: number, message: string, headers: Record<string, string> = {}): ScriptedReply {
  return { status, headers, body: { error: { message, type: 'error', param: null, code: null } } };
}

function completion(message: Record<string, unknown>, finishReason: string, usage: FakeUsage): unknown {
  const input = usage.input ?? 10;
  const output = usage.output ?? 5;
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: 'fake',
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}
