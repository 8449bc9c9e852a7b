import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProvider, type ProviderOptions } from './index.js';
import { anthropicError, anthropicText, anthropicToolUse, startAnthropicServer } from './testing/anthropic-server.js';
import type { FakeServer } from './testing/fake-server.js';
import type { ChatMessage, CompletionRequest, Provider } from './types.js';

const KEY = 'sk-ant-test-secret-456';
let server: FakeServer;
let sleeps: number[];

beforeEach(async () => {
  server = await startAnthropicServer();
  sleeps = [];
});
afterEach(() => server.close());

const provider = (options: ProviderOptions = {}): Promise<Provider> =>
  createProvider('anthropic', { apiKey: KEY, baseURL: server.url, sleep: async (ms) => void sleeps.push(ms), ...options });

const ask = (content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }],
  ...extra,
});

describe('anthropic provider', () => {
  it('sends the system prompt separately and defaults max_tokens to 4096', async () => {
    server.reply(anthropicText('Paris.', { input: 12, output: 3 }));
    const result = await (await provider()).complete(ask('Capital of France?'));
    expect(result).toEqual({ content: 'Paris.', toolCalls: [], stopReason: 'stop', usage: { input: 12, output: 3 } });
    const [req] = server.requests;
    expect(req?.path).toBe('/v1/messages');
    // Newer SDK lines send the key as a bearer token, older ones as x-api-key.
    expect(req?.headers['x-api-key'] ?? req?.headers.authorization?.replace(/^Bearer /, '')).toBe(KEY);
    expect(req?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }],
    });
  });

  it('passes maxTokens and the schema instruction, and maps max_tokens stops', async () => {
    server.reply(anthropicText('{"ok":', {}, 'max_tokens'));
    const schema = { type: 'object' };
    const result = await (await provider()).complete(ask('q', { maxTokens: 5, responseSchema: schema }));
    expect(result.stopReason).toBe('max_tokens');
    expect(server.requests[0]?.body).toMatchObject({ max_tokens: 5, system: `Be brief.\n\nAnswer with JSON matching this schema, and nothing else: ${JSON.stringify(schema)}` });
  });

  it('runs a tool-use turn, then sends merged tool results back', async () => {
    const tools = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    server.reply(
      anthropicToolUse([{ id: 'toolu_a', name: 'lookup', input: { word: 'ark' } }, { id: 'toolu_b', name: 'lookup', input: { word: 'boat' } }], 'Let me check.'),
      anthropicText('An ark is a boat.'),
    );
    const anthropic = await provider();
    const messages: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Define ark' }];
    const first = await anthropic.complete({ model: 'claude-sonnet-4-5', messages, tools });
    expect(first).toMatchObject({ content: 'Let me check.', stopReason: 'tool_calls', toolCalls: [{ id: 'toolu_a', name: 'lookup', arguments: { word: 'ark' } }, { id: 'toolu_b' }] });
    expect(server.requests[0]?.body).toMatchObject({ tools: [{ name: 'lookup', description: 'Looks a word up', input_schema: tools[0]?.inputSchema }] });

    messages.push(
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
      { role: 'tool', toolCallId: 'toolu_a', name: 'lookup', content: 'a boat' },
      { role: 'tool', toolCallId: 'toolu_b', name: 'lookup', content: 'a vessel' },
    );
    expect((await anthropic.complete({ model: 'claude-sonnet-4-5', messages, tools })).content).toBe('An ark is a boat.');
    expect(server.requests[1]?.body).toMatchObject({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Define ark' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_a', name: 'lookup', input: { word: 'ark' } },
            { type: 'tool_use', id: 'toolu_b', name: 'lookup', input: { word: 'boat' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: 'a boat' },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: 'a vessel' },
          ],
        },
      ],
    });
  });

  it('does not retry 401 and never shows the key', async () => {
    server.reply(anthropicError(401, `invalid x-api-key ${KEY}`));
    const err: unknown = await (await provider()).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ProviderError', provider: 'anthropic', kind: 'auth', status: 401, retryable: false });
    expect(String(err)).toContain('check ANTHROPIC_API_KEY (from a Secret via envFrom)');
    expect(String(err)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('honours retry-after on 429, then succeeds', async () => {
    server.reply(anthropicError(429, 'rate limited', { 'retry-after': '3' }), anthropicText('done'));
    expect((await (await provider()).complete(ask('q'))).content).toBe('done');
    expect(sleeps).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 500, then succeeds', async () => {
    server.reply(anthropicError(500, 'boom'), anthropicText('done'));
    expect((await (await provider()).complete(ask('q'))).content).toBe('done');
    expect(sleeps).toHaveLength(1);
  });

  it('gives up after maxRetries when overloaded (529)', async () => {
    server.reply(anthropicError(529, 'Overloaded'), anthropicError(529, 'Overloaded'), anthropicText('never'));
    const err: unknown = await (await provider({ maxRetries: 1 })).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'server', status: 529, retryable: true, message: expect.stringContaining('Overloaded') });
    expect(server.requests).toHaveLength(2);
  });

  it('times out a server that never answers', async () => {
    server.reply({ hang: true });
    const err: unknown = await (await provider({ timeoutMs: 100, maxRetries: 0 })).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when the caller aborts', async () => {
    server.reply({ hang: true });
    const controller = new AbortController();
    const pending = (await provider()).complete(ask('q', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('needs an API key when no base URL is given', async () => {
    await expect(createProvider('anthropic', {})).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('ANTHROPIC_API_KEY') });
  });
});
