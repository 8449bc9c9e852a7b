import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProvider, type ProviderOptions } from './index.js';
import { openaiError, openaiText, openaiToolCalls, startOpenAIServer, type OpenAIServer } from './testing/openai-server.js';
import type { ChatMessage, CompletionRequest, Provider } from './types.js';

const KEY = 'sk-test-secret-123';
let server: OpenAIServer;
let sleeps: number[];

beforeEach(async () => {
  server = await startOpenAIServer();
  sleeps = [];
});
afterEach(() => server.close());

const provider = (options: ProviderOptions = {}): Promise<Provider> =>
  createProvider('openai', { apiKey: KEY, baseURL: server.baseURL, sleep: async (ms) => void sleeps.push(ms), ...options });

const ask = (content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content }],
  ...extra,
});

describe('openai provider', () => {
  it('sends a plain completion and maps the answer', async () => {
    server.reply(openaiText('Paris.', { input: 12, output: 3 }));
    const result = await (await provider()).complete(ask('Capital of France?', { maxTokens: 50 }));
    expect(result).toEqual({ content: 'Paris.', toolCalls: [], stopReason: 'stop', usage: { input: 12, output: 3 } });
    const [req] = server.requests;
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.body).toEqual({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }],
    });
  });

  it('uses max_completion_tokens for o-series models and maps length to max_tokens', async () => {
    server.reply(openaiText('partial', {}, 'length'));
    const result = await (await provider()).complete(ask('q', { model: 'o3-mini', maxTokens: 7 }));
    expect(result.stopReason).toBe('max_tokens');
    expect(server.requests[0]?.body).toMatchObject({ model: 'o3-mini', max_completion_tokens: 7 });
    expect(server.requests[0]?.body).not.toHaveProperty('max_tokens');
  });

  it('adds the response schema as a system instruction', async () => {
    const schema = { type: 'object', required: ['ok'] };
    await (await provider()).complete(ask('q', { responseSchema: schema }));
    expect(server.requests[0]?.body).toMatchObject({
      messages: [{ role: 'system', content: `Be brief.\n\nAnswer with JSON matching this schema, and nothing else: ${JSON.stringify(schema)}` }, { role: 'user' }],
    });
  });

  it('runs a tool-call turn, then sends the tool results back', async () => {
    const tools = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    server.reply(openaiToolCalls([{ id: 'call_a', name: 'lookup', arguments: { word: 'ark' } }]), openaiText('An ark is a boat.'));
    const openai = await provider();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Define ark' }];
    const first = await openai.complete({ model: 'gpt-4o', messages, tools });
    expect(first).toMatchObject({ stopReason: 'tool_calls', toolCalls: [{ id: 'call_a', name: 'lookup', arguments: { word: 'ark' } }] });
    expect(server.requests[0]?.body).toMatchObject({ tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks a word up', parameters: tools[0]?.inputSchema } }] });

    messages.push({ role: 'assistant', content: first.content, toolCalls: first.toolCalls }, { role: 'tool', toolCallId: 'call_a', name: 'lookup', content: 'a boat' });
    const second = await openai.complete({ model: 'gpt-4o', messages, tools });
    expect(second).toMatchObject({ content: 'An ark is a boat.', stopReason: 'stop' });
    expect(server.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Define ark' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'lookup', arguments: '{"word":"ark"}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: 'a boat' },
      ],
    });
  });

  it('rejects malformed tool arguments with a clear error', async () => {
    server.reply(openaiToolCalls([{ name: 'lookup', arguments: '{"word": ' }]));
    await expect((await provider()).complete(ask('q'))).rejects.toMatchObject({ kind: 'bad_response', message: expect.stringContaining('tool "lookup"') });
  });

  it('does not retry 401 and never shows the key', async () => {
    server.reply(openaiError(401, `Incorrect API key provided: ${KEY}`));
    const err: unknown = await (await provider()).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ProviderError', provider: 'openai', kind: 'auth', status: 401, retryable: false });
    expect(String(err)).toContain('check OPENAI_API_KEY (from a Secret via envFrom)');
    expect(String(err)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry 400 and passes on the server explanation', async () => {
    server.reply(openaiError(400, `max_tokens is too large (key ${KEY})`));
    const err: unknown = await (await provider()).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad_request', status: 400, retryable: false, message: expect.stringContaining('max_tokens is too large') });
    expect(String(err)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('honours retry-after on 429, then succeeds', async () => {
    server.reply(openaiError(429, 'slow down', { 'retry-after': '2' }), openaiText('done'));
    expect((await (await provider()).complete(ask('q'))).content).toBe('done');
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 500 with jittered backoff, then succeeds', async () => {
    server.reply(openaiError(500, 'boom'), openaiText('done'));
    expect((await (await provider()).complete(ask('q'))).content).toBe('done');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });

  it('gives up after maxRetries on a persistent 500', async () => {
    server.reply(openaiError(500, 'boom'), openaiError(502, 'boom'), openaiError(503, 'boom'), openaiText('never'));
    const err: unknown = await (await provider({ maxRetries: 2 })).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'server', status: 503, retryable: true });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('times out a server that never answers, retrying once', async () => {
    server.reply({ hang: true }, { hang: true });
    const err: unknown = await (await provider({ timeoutMs: 150, maxRetries: 1 })).complete(ask('q')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', retryable: true, message: expect.stringContaining('150 ms') });
    expect(server.requests).toHaveLength(2);
  });

  it('stops at once when the caller aborts', async () => {
    server.reply({ hang: true });
    const controller = new AbortController();
    const pending = (await provider()).complete(ask('q', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('reports an unreachable endpoint as a network error', async () => {
    const closed = await startOpenAIServer();
    await closed.close();
    const openai = await createProvider('openai', { baseURL: closed.baseURL, maxRetries: 1, sleep: async () => {} });
    await expect(openai.complete(ask('q'))).rejects.toMatchObject({ kind: 'network', retryable: true, message: expect.stringContaining('check the base URL') });
  });

  it('needs an API key unless a base URL points at a compatible server', async () => {
    await expect(createProvider('openai', {})).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('OPENAI_API_KEY') });
    const local = await createProvider('openai', { baseURL: server.baseURL });
    expect((await local.complete({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })).content).toBe('Echo: hi');
  });
});
