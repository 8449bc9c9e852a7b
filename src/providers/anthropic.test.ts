import { describe, expect, it } from 'vitest';
import { anthropicError, anthropicText, anthropicToolUse, startAnthropicServer } from './testing/anthropic-server.js';
import { TEST_API_KEY, providerContract, providerFixture, type ProviderHarness } from './testing/contract.js';
import type { ChatMessage } from './types.js';

const harness: ProviderHarness = {
  model: 'claude-sonnet-4-5',
  keyVariable: 'ANTHROPIC_API_KEY',
  start: async () => {
    const server = await startAnthropicServer();
    return { server, baseURL: server.url };
  },
  text: (content) => anthropicText(content),
  error: anthropicError,
};

providerContract('anthropic', harness);

describe('anthropic provider: wire format', () => {
  const fx = providerFixture('anthropic', harness);
  const { provider, ask } = fx;

  it('sends the system prompt separately and defaults max_tokens to 4096', async () => {
    fx.server.reply(anthropicText('Paris.', { input: 12, output: 3 }));
    const result = await (await provider()).complete(ask('Capital of France?'));
    expect(result).toEqual({ content: 'Paris.', toolCalls: [], stopReason: 'stop', usage: { input: 12, output: 3, total: 15 } });
    const [req] = fx.server.requests;
    expect(req?.path).toBe('/v1/messages');
    // Newer SDK lines send the key as a bearer token, older ones as x-api-key.
    expect(req?.headers['x-api-key'] ?? req?.headers.authorization?.replace(/^Bearer /, '')).toBe(TEST_API_KEY);
    expect(req?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }],
    });
  });

  it('passes maxTokens and the schema instruction, and maps max_tokens stops', async () => {
    fx.server.reply(anthropicText('{"ok":', {}, 'max_tokens'));
    const schema = { type: 'object' };
    const result = await (await provider()).complete(ask('q', { maxTokens: 5, responseSchema: schema }));
    expect(result.stopReason).toBe('max_tokens');
    expect(fx.server.requests[0]?.body).toMatchObject({ max_tokens: 5, system: `Be brief.\n\nAnswer with JSON matching this schema, and nothing else: ${JSON.stringify(schema)}` });
  });

  it('runs a tool-use turn, then sends merged tool results back', async () => {
    const tools = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    fx.server.reply(
      anthropicToolUse([{ id: 'toolu_a', name: 'lookup', input: { word: 'ark' } }, { id: 'toolu_b', name: 'lookup', input: { word: 'boat' } }], 'Let me check.'),
      anthropicText('An ark is a boat.'),
    );
    const anthropic = await provider();
    const messages: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Define ark' }];
    const first = await anthropic.complete({ model: 'claude-sonnet-4-5', messages, tools });
    expect(first).toMatchObject({ content: 'Let me check.', stopReason: 'tool_calls', toolCalls: [{ id: 'toolu_a', name: 'lookup', arguments: { word: 'ark' } }, { id: 'toolu_b' }] });
    expect(fx.server.requests[0]?.body).toMatchObject({ tools: [{ name: 'lookup', description: 'Looks a word up', input_schema: tools[0]?.inputSchema }] });

    messages.push(
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
      { role: 'tool', toolCallId: 'toolu_a', name: 'lookup', content: 'a boat' },
      { role: 'tool', toolCallId: 'toolu_b', name: 'lookup', content: 'a vessel' },
    );
    expect((await anthropic.complete({ model: 'claude-sonnet-4-5', messages, tools })).content).toBe('An ark is a boat.');
    expect(fx.server.requests[1]?.body).toMatchObject({
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

  it("retries Anthropic's overloaded status (529) like any 5xx", async () => {
    fx.server.reply(anthropicError(529, 'Overloaded'), anthropicError(529, 'Overloaded'), anthropicText('never'));
    const err: unknown = await (await provider({ maxRetries: 1 })).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'server', status: 529, retryable: true, message: expect.stringContaining('Overloaded') });
    expect(fx.server.requests).toHaveLength(2);
  });
});
