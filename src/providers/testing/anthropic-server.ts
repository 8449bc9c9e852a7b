// A fake Anthropic Messages server speaking the real wire format: point the anthropic
// provider's baseURL at `server.url`. Unscripted requests get `Echo: <last user text>`.
import { lastUserText, startFakeServer, type FakeServer, type Responder, type ScriptedReply } from './fake-server.js';
import type { FakeUsage } from './openai-server.js';

export async function startAnthropicServer(options: { fallback?: Responder } = {}): Promise<FakeServer> {
  const fallback = options.fallback ?? ((req) => anthropicText(`Echo: ${lastUserText(req.body)}`));
  return startFakeServer({ paths: ['/v1/messages'], fallback });
}

export function anthropicText(text: string, usage: FakeUsage = {}, stopReason = 'end_turn'): ScriptedReply {
  return { body: message([{ type: 'text', text }], stopReason, usage) };
}

export interface FakeToolUse {
  id?: string;
  name: string;
  input: Record<string, unknown>;
}

/** A tool-use turn, optionally preceded by some text. */
export function anthropicToolUse(uses: FakeToolUse[], text = '', usage: FakeUsage = {}): ScriptedReply {
  const blocks: unknown[] = text ? [{ type: 'text', text }] : [];
  uses.forEach((u, i) => blocks.push({ type: 'tool_use', id: u.id ?? `toolu_${i + 1}`, name: u.name, input: u.input }));
  return { body: message(blocks, 'tool_use', usage) };
}

/** An error in Anthropic's shape, e.g. anthropicError(529, 'Overloaded'). */
export function anthropicError(status: number, message: string, headers: Record<string, string> = {}): ScriptedReply {
  const type = status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  return { status, headers, body: { type: 'error', error: { type, message } } };
}

function message(content: unknown[], stopReason: string, usage: FakeUsage): unknown {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: 'fake',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: usage.input ?? 10, output_tokens: usage.output ?? 5 },
  };
}
