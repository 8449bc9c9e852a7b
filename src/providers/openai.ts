// Adapter for OpenAI chat completions and any OpenAI-compatible endpoint (Ollama, vLLM,
// LM Studio via baseURL). createRealProvider supplies the key check, SDK loading, error
// mapping and retries, so this file is the wire mapping only. Contracts: a
// responseSchema becomes a system instruction (no response_format, which compatible
// servers support unevenly); o1/o3/o4 models get max_completion_tokens, others
// max_tokens; malformed tool-call arguments are a `bad_response` error.
import type OpenAI from 'openai';
import { usageOf } from '../core/usage.js';
import { isOpenAIReasoningModel } from './detect.js';
import { ProviderError } from './errors.js';
import { expectWireShape } from './wire.js';
import { createRealProvider, parseToolArguments, systemText, type RealProviderOptions } from './shared.js';
import type { ChatMessage, CompletionRequest, CompletionResult, Provider, ToolCall, ToolSpec } from './types.js';

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type MessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type Completion = OpenAI.Chat.Completions.ChatCompletion;

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function createOpenAIProvider(options: RealProviderOptions): Promise<Provider> {
  return createRealProvider({
    name: 'openai',
    options,
    defaultBaseURL: DEFAULT_BASE_URL,
    missingKeyMessage: 'openai: no API key; set OPENAI_API_KEY (from a Secret via envFrom), or OPENAI_BASE_URL for a local OpenAI-compatible server',
    load: async (settings) => {
      const sdk = await import('openai');
      // Null organization/project/webhookSecret keep the SDK from reading them from process.env.
      const client = new sdk.OpenAI({ ...settings, organization: null, project: null, webhookSecret: null });
      return {
        errors: sdk,
        send: async (request) => {
          const body: unknown = await client.chat.completions.create(toParams(request), { signal: request.signal });
          return fromCompletion(expectWireShape<Completion>('openai', `${settings.baseURL}/chat/completions`, body));
        },
      };
    },
  });
}

function toParams(request: CompletionRequest): Params {
  const system = systemText(request.messages, request.responseSchema);
  const rest = request.messages.filter((m) => m.role !== 'system').map(toMessage);
  const params: Params = { model: request.model, messages: system ? [{ role: 'system', content: system }, ...rest] : rest };
  if (request.tools?.length) params.tools = request.tools.map(toTool);
  if (request.maxTokens !== undefined) {
    if (isOpenAIReasoningModel(request.model)) params.max_completion_tokens = request.maxTokens;
    else params.max_tokens = request.maxTokens;
  }
  return params;
}

function toMessage(message: Exclude<ChatMessage, { role: 'system' }>): MessageParam {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content || null,
        tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
      };
    }
  }
}

function toTool(tool: ToolSpec): OpenAI.Chat.Completions.ChatCompletionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema } };
}

function fromCompletion(completion: Completion): CompletionResult {
  const choice = completion.choices[0];
  if (!choice) throw new ProviderError({ provider: 'openai', kind: 'bad_response', message: 'openai: the response had no choices' });
  const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).flatMap((c) =>
    c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: parseToolArguments('openai', c.function.name, c.function.arguments) }] : [],
  );
  // Some compatible servers report 'stop' alongside tool calls; the calls decide.
  const stopReason = toolCalls.length > 0 ? 'tool_calls' : choice.finish_reason === 'length' ? 'max_tokens' : 'stop';
  const usage = usageOf(completion.usage?.prompt_tokens ?? 0, completion.usage?.completion_tokens ?? 0);
  return { content: choice.message.content ?? '', toolCalls, stopReason, usage };
}
