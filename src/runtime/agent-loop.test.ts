import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../engine/events.js';
import { FakeClock } from '../engine/fake-clock.js';
import { systemClock, type AgentTask } from '../engine/ports.js';
import { createMockProvider } from '../providers/mock.js';
import type { CompletionRequest, Provider } from '../providers/types.js';
import { runAgentTask, type AgentConfig } from './agent-loop.js';
import { delegateTool } from './tools/delegate.js';
import { httpTool } from './tools/http.js';

let server: Server;
let baseUrl = '';
const received: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      received.push(body ? JSON.parse(body) : Object.fromEntries(new URL(req.url!, 'http://x').searchParams));
      if (req.url?.startsWith('/fail')) { res.writeHead(503); res.end('down for maintenance'); return; }
      res.end(`sunny in ${String((JSON.parse(body || '{}') as { city?: string }).city ?? 'nowhere')}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const task: AgentTask = { id: 'run/s/1.1', runId: 'run', step: 's', role: 'agent', kind: 'step', prompt: 'weather in Paris?', inputs: { prompt: 'weather in Paris?', notes: 'be brief' } };

function agent(provider: Provider, extra: Partial<AgentConfig> = {}): AgentConfig {
  return { name: 'agent', model: 'mock', provider, systemPrompt: 'You help.', tools: [], maxTokensPerCall: 100, timeoutSeconds: 5, maxToolTurns: 3, ...extra };
}

function sink() {
  const events: RunEvent[] = [];
  return { events, ctx: { events: { emit: (event: RunEvent) => { events.push(event); } }, clock: systemClock, worker: 'w-0' } };
}

describe('runAgentTask', () => {
  it('runs the tool loop: model asks for a tool, gets the HTTP result, answers with it', async () => {
    const provider = createMockProvider({ responses: [{ match: 'weather', toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }], reply: 'Report: {{tool:weather}}' }] });
    const tools = [httpTool({ name: 'weather', url: `${baseUrl}/weather`, method: 'POST' })];
    const { events, ctx } = sink();
    const outcome = await runAgentTask(agent(provider, { tools }), task, new AbortController().signal, ctx);
    expect(outcome.output).toBe('Report: sunny in Paris');
    expect(received.at(-1)).toEqual({ city: 'Paris' });
    const calls = events.flatMap((event) => (event.type === 'llm.call' ? [event.usage] : []));
    expect(outcome.usage).toEqual({
      input: calls[0]!.input + calls[1]!.input, output: calls[0]!.output + calls[1]!.output,
      total: calls.reduce((sum, call) => sum + call.input + call.output, 0),
    });
    expect(events.map((event) => event.type)).toEqual(['task.started', 'llm.started', 'llm.call', 'tool.call', 'tool.result', 'llm.started', 'llm.call', 'task.completed']);
  });

  it('reports where a call goes and each retry the provider makes, as events', async () => {
    const flaky: Provider = {
      name: 'openai', endpoint: 'http://127.0.0.1:8080/v1',
      complete: async (request) => {
        request.onRetry?.({ attempt: 1, delayMs: 2_000, reason: 'openai: HTTP 429 rate limited' });
        return { content: 'ok', toolCalls: [], usage: { input: 1, output: 1, total: 2 }, stopReason: 'stop' };
      },
    };
    const { events, ctx } = sink();
    await runAgentTask(agent(flaky), task, new AbortController().signal, ctx);
    expect(events.find((event) => event.type === 'llm.started')).toMatchObject({ model: 'mock', provider: 'openai', endpoint: 'http://127.0.0.1:8080/v1', turn: 1 });
    expect(events.find((event) => event.type === 'llm.retry')).toMatchObject({ attempt: 1, delayMs: 2_000, reason: 'openai: HTTP 429 rate limited' });
  });

  it('shows a failing tool to the model as an error result instead of failing the task', async () => {
    const provider = createMockProvider({ responses: [{ match: 'weather', toolCalls: [{ name: 'down' }], reply: 'tool said: {{tool:down}}' }] });
    const tools = [httpTool({ name: 'down', url: `${baseUrl}/fail`, method: 'POST' })];
    const outcome = await runAgentTask(agent(provider, { tools }), task, new AbortController().signal, sink().ctx);
    expect(outcome.output).toContain('HTTP 503 down for maintenance');
  });

  it('gives other inputs to the model as labelled context', async () => {
    const outcome = await runAgentTask(agent(createMockProvider()), { ...task, prompt: 'hi' }, new AbortController().signal, sink().ctx);
    expect(outcome.output).toContain('## notes\nbe brief');
  });

  it('fails a task that exceeds limits.timeoutSeconds, on the injected clock', async () => {
    const clock = new FakeClock();
    const slow = createMockProvider({ delayMs: 60_000, clock });
    const running = runAgentTask(agent(slow, { timeoutSeconds: 30 }), task, new AbortController().signal, { ...sink().ctx, clock });
    const outcome = running.catch((error: unknown) => error);
    await clock.advance(29_999);
    expect(clock.pending).toBe(2);
    await clock.advance(1);
    expect(await outcome).toMatchObject({ name: 'TaskError', message: 'timed out after limits.timeoutSeconds 30' });
  });

  it('stops a task at the run deadline when it comes before the task timeout', async () => {
    const clock = new FakeClock();
    const slow = createMockProvider({ delayMs: 60_000, clock });
    const withDeadline = { ...task, deadline: clock.now() + 5_000 };
    const outcome = runAgentTask(agent(slow, { timeoutSeconds: 30 }), withDeadline, new AbortController().signal, { ...sink().ctx, clock })
      .catch((error: unknown) => error);
    await clock.advance(5_000);
    expect(await outcome).toMatchObject({ message: 'the run deadline passed while the task ran' });
  });

  it('fails when the model keeps asking for tools beyond maxToolTurns', async () => {
    const looping: Provider = {
      name: 'mock',
      complete: async () => ({ content: '', toolCalls: [{ id: 'c', name: 'nothing', arguments: {} }], usage: { input: 1, output: 1, total: 2 }, stopReason: 'tool_calls' }),
    };
    await expect(runAgentTask(agent(looping), task, new AbortController().signal, sink().ctx)).rejects.toThrow('more than 3 turns');
  });
});

describe('runAgentTask: semantic checks', () => {
  it('judges without tools, with its own system prompt, as a verdict call', async () => {
    const seen: CompletionRequest[] = [];
    const judge: Provider = { name: 'mock', complete: async (request) => { seen.push(request); return { content: 'VALID', toolCalls: [], usage: { input: 3, output: 1, total: 4 }, stopReason: 'stop' }; } };
    const tools = [httpTool({ name: 'weather', url: `${baseUrl}/weather`, method: 'POST' })];
    const outcome = await runAgentTask(agent(judge, { tools }), { ...task, kind: 'validate' }, new AbortController().signal, sink().ctx);
    expect(outcome.output).toBe('VALID');
    expect(seen[0]).toMatchObject({ purpose: 'verdict' });
    expect(seen[0]!.tools).toBeUndefined();
    expect(seen[0]!.messages[0]!.content).not.toBe('You help.');
  });
});

describe('delegate tool', () => {
  const dispatched: AgentTask[] = [];
  const dispatcher = { dispatch: async (t: AgentTask) => { dispatched.push(t); return { output: `${t.role} did it`, usage: { input: 2, output: 3, total: 5 } }; } };
  const ctx = (chain?: string[]) => ({
    signal: new AbortController().signal, clock: systemClock, callId: 'call_7', position: { turn: 2, call: 1 },
    task: { ...task, role: 'lead', deadline: 99, ...(chain ? { delegationChain: chain } : {}) },
  });

  it('runs the task on an allowed role and returns its answer and tokens', async () => {
    const result = await delegateTool(['billing'], dispatcher).invoke({ role: 'billing', task: 'refund' }, ctx());
    expect(result).toEqual({ content: 'billing did it', usage: { input: 2, output: 3, total: 5 } });
    // Named by the call's position, not the provider's call id, which changes on redelivery.
    expect(dispatched.at(-1)).toMatchObject({ id: 'run/s/1.1/delegate-2.1-billing', role: 'billing', kind: 'delegate', delegationChain: ['lead', 'billing'], deadline: 99 });
  });

  it('refuses roles outside canDelegate and cycles', async () => {
    await expect(delegateTool(['billing'], dispatcher).invoke({ role: 'legal', task: 'x' }, ctx())).rejects.toThrow('allowed: billing');
    await expect(delegateTool(['lead'], dispatcher).invoke({ role: 'lead', task: 'x' }, ctx(['lead', 'billing']))).rejects.toThrow('delegation cycle: lead → billing → lead');
  });
});
