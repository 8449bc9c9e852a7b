// Adapter for the Anthropic Messages API. createRealProvider supplies the key check, SDK
// loading, error mapping and retries, so this file is the wire mapping only. Contracts:
// system messages (plus the responseSchema instruction) go in the top-level `system`
// field; tool results travel as `tool_result` blocks in user messages, and consecutive
// user-side messages (tool results, then any user text) are merged into one user
// message because the API alternates roles; max_tokens is required by the API and
// defaults to 4096.
import type Anthropic from '@anthropic-ai/sdk';
import { usageOf } from '../core/usage.js';
import { expectWireShape } from './wire.js';
import { createRealProvider, isRecord, systemText, type RealProviderOptions } from './shared.js';
import type { ChatMessage, CompletionRequest, CompletionResult, Provider, ToolCall, ToolSpec } from './types.js';

type Params = Anthropic.MessageCreateParamsNonStreaming;
type MessageParam = Anthropic.MessageParam;
type Block = Anthropic.ContentBlockParam;

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_MAX_TOKENS = 4096;

export function createAnthropicProvider(options: RealProviderOptions): Promise<Provider> {
  return createRealProvider({
    name: 'anthropic',
    options,
    defaultBaseURL: DEFAULT_BASE_URL,
    missingKeyMessage: 'anthropic: no API key; set ANTHROPIC_API_KEY (from a Secret via envFrom)',
    load: async (settings) => {
      const sdk = await import('@anthropic-ai/sdk');
      const client = new sdk.Anthropic(settings);
      return {
        errors: sdk,
        send: async (request) => {
          const body: unknown = await client.messages.create(toParams(request), { signal: request.signal });
          return fromMessage(expectWireShape<Anthropic.Message>('anthropic', `${settings.baseURL.replace(/\/$/, '')}/v1/messages`, body));
        },
      };
    },
  });
}

function toParams(request: CompletionRequest): Params {
  const params: Params = {
    model: request.model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: toMessages(request.messages),
  };
  const system = systemText(request.messages, request.responseSchema);
  if (system) params.system = system;
  if (request.tools?.length) params.tools = request.tools.map(toTool);
  return params;
}

function toMessages(messages: ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = toBlocks(message);
    const previous = out.at(-1);
    if (previous?.role === role && Array.isArray(previous.content)) previous.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  return out;
}

function toBlocks(message: Exclude<ChatMessage, { role: 'system' }>): Block[] {
  switch (message.role) {
    case 'user':
      return [{ type: 'text', text: message.content }];
    case 'tool':
      return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }];
    case 'assistant': {
      // The API rejects empty text blocks; a pure tool-use turn has none.
      const text: Block[] = message.content ? [{ type: 'text', text: message.content }] : [];
      const uses: Block[] = (message.toolCalls ?? []).map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments }));
      return [...text, ...uses];
    }
  }
}

function toTool(tool: ToolSpec): Anthropic.Tool {
  return { name: tool.name, description: tool.description, input_schema: { ...tool.inputSchema, type: 'object' } };
}

function fromMessage(message: Anthropic.Message): CompletionResult {
  let content = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') content += block.text;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: isRecord(block.input) ? block.input : {} });
  }
  const reason = message.stop_reason;
  const stopReason = toolCalls.length > 0 ? 'tool_calls' : reason === 'max_tokens' || reason === 'model_context_window_exceeded' ? 'max_tokens' : 'stop';
  const u = message.usage;
  const input = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  return { content, toolCalls, stopReason, usage: usageOf(input, u.output_tokens) };
}
