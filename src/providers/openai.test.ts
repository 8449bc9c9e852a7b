import { describe, expect, it } from 'vitest';
import { TEST_API_KEY, providerContract, providerFixture, type ProviderHarness } from './testing/contract.js';
import { openaiError, openaiText, openaiToolCalls, startOpenAIServer } from './testing/openai-server.js';
import type { ChatMessage } from './types.js';

const harness: ProviderHarness = {
  model: 'gpt-4o-mini',
  keyVariable: 'OPENAI_API_KEY',
  start: async () => {
    const server = await startOpenAIServer();
    return { server, baseURL: server.baseURL };
  },
  text: (content) => openaiText(content),
  error: openaiError,
};

providerContract('openai', harness);

describe('openai provider: wire format', () => {
  const fx = providerFixture('openai', harness);
  const { provider, ask } = fx;

  it('sends a plain completion and maps the answer', async () => {
    fx.server.reply(openaiText('Paris.', { input: 12, output: 3 }));
    const result = await (await provider()).complete(ask('Capital of France?', { maxTokens: 50 }));
    expect(result).toEqual({ content: 'Paris.', toolCalls: [], stopReason: 'stop', usage: { input: 12, output: 3, total: 15 } });
    const [req] = fx.server.requests;
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(req?.body).toEqual({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }],
    });
  });

  it('uses max_completion_tokens for o-series models and maps length to max_tokens', async () => {
    fx.server.reply(openaiText('partial', {}, 'length'));
    const result = await (await provider()).complete(ask('q', { model: 'o3-mini', maxTokens: 7 }));
    expect(result.stopReason).toBe('max_tokens');
    expect(fx.server.requests[0]?.body).toMatchObject({ model: 'o3-mini', max_completion_tokens: 7 });
    expect(fx.server.requests[0]?.body).not.toHaveProperty('max_tokens');
  });

  it('adds the response schema as a system instruction', async () => {
    const schema = { type: 'object', required: ['ok'] };
    await (await provider()).complete(ask('q', { responseSchema: schema }));
    expect(fx.server.requests[0]?.body).toMatchObject({
      messages: [{ role: 'system', content: `Be brief.\n\nAnswer with JSON matching this schema, and nothing else: ${JSON.stringify(schema)}` }, { role: 'user' }],
    });
  });

  it('runs a tool-call turn, then sends the tool results back', async () => {
    const tools = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    fx.server.reply(openaiToolCalls([{ id: 'call_a', name: 'lookup', arguments: { word: 'ark' } }]), openaiText('An ark is a boat.'));
    const openai = await provider();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Define ark' }];
    const first = await openai.complete({ model: 'gpt-4o', messages, tools });
    expect(first).toMatchObject({ stopReason: 'tool_calls', toolCalls: [{ id: 'call_a', name: 'lookup', arguments: { word: 'ark' } }] });
    expect(fx.server.requests[0]?.body).toMatchObject({ tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks a word up', parameters: tools[0]?.inputSchema } }] });

    messages.push({ role: 'assistant', content: first.content, toolCalls: first.toolCalls }, { role: 'tool', toolCallId: 'call_a', name: 'lookup', content: 'a boat' });
    const second = await openai.complete({ model: 'gpt-4o', messages, tools });
    expect(second).toMatchObject({ content: 'An ark is a boat.', stopReason: 'stop' });
    expect(fx.server.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Define ark' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'lookup', arguments: '{"word":"ark"}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: 'a boat' },
      ],
    });
  });

  it('rejects malformed tool arguments with a clear error', async () => {
    fx.server.reply(openaiToolCalls([{ name: 'lookup', arguments: '{"word": ' }]));
    await expect((await provider()).complete(ask('q'))).rejects.toMatchObject({ kind: 'bad_response', message: expect.stringContaining('tool "lookup"') });
  });
});
