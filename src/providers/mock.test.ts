import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { ProviderError } from './errors.js';
import { createProvider } from './index.js';
import { loadMockResponses, parseMockResponses } from './mock-file.js';
import { createMockProvider, type MockOptions } from './mock.js';
import type { ChatMessage, CompletionRequest } from './types.js';

const ask = (content: string, system = 'You are a helper.'): ChatMessage[] => [
  { role: 'system', content: system },
  { role: 'user', content },
];

const request = (messages: ChatMessage[], extra: Partial<CompletionRequest> = {}): CompletionRequest => ({ model: 'mock', messages, ...extra });

const WEATHER: MockOptions = {
  responses: [
    { match: 'weather', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], reply: 'Forecast: {{tool:get_weather}}' },
    { match: 'hello', reply: 'Hi there' },
    { match: 'You are a reviewer', reply: 'LGTM' },
  ],
};

describe('mock provider', () => {
  it('answers with the first response whose match is in the last user message', async () => {
    const mock = createMockProvider(WEATHER);
    const result = await mock.complete(request(ask('well hello you')));
    expect(result).toMatchObject({ content: 'Hi there', toolCalls: [], stopReason: 'stop' });
  });

  it('falls back to matching the system prompt', async () => {
    const mock = createMockProvider(WEATHER);
    expect((await mock.complete(request(ask('check this diff', 'You are a reviewer.')))).content).toBe('LGTM');
  });

  it('echoes the last user message when nothing matches', async () => {
    const mock = createMockProvider(WEATHER);
    const long = 'x'.repeat(300);
    expect((await mock.complete(request(ask(long)))).content).toBe(`Mock response to: ${'x'.repeat(200)} […]`);
    // Cut at the last word that fits, never mid-word.
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const echoed = (await mock.complete(request(ask(words)))).content;
    expect(echoed).toMatch(/^Mock response to: word0 word1 .* word\d+ \[…\]$/);
    expect(words.startsWith(echoed.slice('Mock response to: '.length, -' […]'.length))).toBe(true);
    expect(echoed.length).toBeLessThanOrEqual('Mock response to: '.length + 200 + ' […]'.length);
    expect((await mock.complete(request(ask('short')))).content).toBe('Mock response to: short');
    expect((await createMockProvider({ defaultReply: 'fixed' }).complete(request(ask('q')))).content).toBe('fixed');
  });

  it('runs a tool round trip with deterministic ids', async () => {
    const mock = createMockProvider(WEATHER);
    const messages = ask('what is the weather?');
    const first = await mock.complete(request(messages));
    expect(first).toMatchObject({ content: '', stopReason: 'tool_calls', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    messages.push({ role: 'assistant', content: '', toolCalls: first.toolCalls });
    messages.push({ role: 'tool', toolCallId: 'call_1', name: 'get_weather', content: 'sunny, 21C' });
    const second = await mock.complete(request(messages));
    expect(second).toMatchObject({ content: 'Forecast: sunny, 21C', toolCalls: [], stopReason: 'stop' });
    // A new user turn asks again, numbering on from the calls already made.
    messages.push({ role: 'assistant', content: second.content }, { role: 'user', content: 'and the weather tomorrow?' });
    expect((await mock.complete(request(messages))).toolCalls[0]?.id).toBe('call_2');
  });

  it('answers a responseSchema with a minimal valid instance when nothing matched', async () => {
    const schema = { type: 'object', required: ['title', 'tags'], properties: { title: { type: 'string', minLength: 1 }, tags: { type: 'array', minItems: 1, items: { type: 'string' } } } };
    const result = await createMockProvider().complete(request(ask('write it'), { responseSchema: schema }));
    const parsed: unknown = JSON.parse(result.content);
    expect(new Ajv().validate(schema, parsed)).toBe(true);
    expect(parsed).toEqual({ title: 'a', tags: [''] });
  });

  it('counts tokens as ceil(length / 4)', async () => {
    const messages = ask('hello', 'abc'); // 3 + 5 = 8 chars in, 'Hi there' = 8 chars out
    const { usage } = await createMockProvider(WEATHER).complete(request(messages));
    expect(usage).toEqual({ input: 2, output: 2, total: 4 });
    const odd = await createMockProvider({ defaultReply: 'abcde' }).complete(request([{ role: 'user', content: 'a' }]));
    expect(odd.usage).toEqual({ input: 1, output: 2, total: 3 });
  });

  it('waits delayMs and stops waiting when aborted', async () => {
    vi.useFakeTimers();
    try {
      let answered = false;
      const slow = createMockProvider({ delayMs: 30 }).complete(request(ask('q'))).then((result) => {
        answered = true;
        return result;
      });
      await vi.advanceTimersByTimeAsync(29);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(answered).toBe(true);
      await expect(slow).resolves.toMatchObject({ stopReason: 'stop' });

      const controller = new AbortController();
      const pending = createMockProvider({ delayMs: 10_000 }).complete(request(ask('q'), { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'ProviderError', kind: 'aborted', retryable: false });
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects an already aborted request', async () => {
    const signal = AbortSignal.abort();
    await expect(createMockProvider().complete(request(ask('q'), { signal }))).rejects.toBeInstanceOf(ProviderError);
  });

  it('is what createProvider("mock") builds', async () => {
    const mock = await createProvider('mock', { mock: { defaultReply: 'ok' } });
    expect(mock.name).toBe('mock');
    expect((await mock.complete(request(ask('q')))).content).toBe('ok');
  });
});

describe('mock responses file', () => {
  it('loads YAML with tool calls and a default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ark-mock-'));
    try {
      const file = join(dir, 'responses.yaml');
      await writeFile(file, ['responses:', '  - match: weather', '    toolCalls:', '      - name: get_weather', '        arguments: { city: Oslo }', '    reply: "It is {{tool:get_weather}}"', 'default: nope', ''].join('\n'));
      const loaded = await loadMockResponses(file);
      expect(loaded).toEqual({ responses: [{ match: 'weather', reply: 'It is {{tool:get_weather}}', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }], defaultReply: 'nope' });
      const mock = createMockProvider(loaded);
      expect((await mock.complete(request(ask('unrelated')))).content).toBe('nope');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads JSON and reports invalid entries with their path', () => {
    expect(parseMockResponses('{"responses":[{"match":"a","reply":"b"}]}').responses).toEqual([{ match: 'a', reply: 'b' }]);
    expect(() => parseMockResponses('responses:\n  - reply: x\n', 'r.yaml')).toThrow(/r\.yaml: invalid mock responses: responses\[0\]\.match/);
    expect(() => parseMockResponses('responses: [', 'r.yaml')).toThrow(/r\.yaml: not valid YAML or JSON/);
  });
});

describe('mock provider: semantic verdicts', () => {
  const judged = 'Is this good?\n\nOutput to check:\nParis is the capital of France.';
  const verdict = { model: 'mock', purpose: 'verdict' as const, messages: [{ role: 'user' as const, content: judged }] };

  it('approves a verdict call unless a verdict reply is scripted', async () => {
    await expect(createMockProvider().complete(verdict)).resolves.toMatchObject({ content: 'VALID' });
    const strict = createMockProvider({ responses: [{ match: 'Is this good?', reply: 'INVALID', verdict: true }] });
    await expect(strict.complete(verdict)).resolves.toMatchObject({ content: 'INVALID' });
  });

  it('keeps answer replies and verdict replies apart, although the judged output is in the prompt', async () => {
    const mock = createMockProvider({ responses: [{ match: 'France', reply: 'Paris is the capital of France.' }] });
    await expect(mock.complete(verdict)).resolves.toMatchObject({ content: 'VALID' });
    const answer = { model: 'mock', messages: [{ role: 'user' as const, content: 'Capital of France?' }] };
    await expect(mock.complete(answer)).resolves.toMatchObject({ content: 'Paris is the capital of France.' });
  });
});
