// `ark runtime` as real processes against a real redis-server (AOF, appendfsync always):
// crash and reclaim, poison tasks, a Redis crash with tasks queued, graceful shutdown,
// MCP tools, a ConfigMap prompt change, budgets, metrics and bad configuration.
import { mkdtemp, mkdir, rm, writeFile, rename } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LoggedEvent } from '../../src/engine/events.js';
import type { AgentTask } from '../../src/engine/ports.js';
import { queueKeys } from '../../src/queue/names.js';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.js';
import { RedisQueue } from '../../src/queue/redis.js';
import { RedisEventLog } from '../../src/store/redis-event-log.js';
import { silentLogger } from '../../src/telemetry/types.js';
import { redisCommand, startRedis, type RedisServer } from '../support/redis.js';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

let server: RedisServer;
let dir: string;
let mcp: Server;
let mcpUrl: string;
const started: RuntimeProcess[] = [];
const never = new AbortController().signal;

beforeAll(async () => {
  server = await startRedis({ aof: true });
  dir = await mkdtemp(join(tmpdir(), 'arkonis-runtime-'));
  await mkdir(join(dir, 'objects/configmaps/prompts'), { recursive: true });
  await writeFile(join(dir, 'objects/configmaps/prompts/prompt'), 'You are PROMPT-V1.');
  await writeFile(join(dir, 'mock.yaml'), [
    'responses:',
    '  - match: "double charge"',
    '    toolCalls: [{ name: delegate, arguments: { role: billing, task: "Refund the duplicate" } }]',
    '    reply: "Delegated. Billing said: {{tool:delegate}}"',
    '  - match: "add them"',
    '    toolCalls: [{ name: calc__add, arguments: { a: 2, b: 3 } }]',
    '    reply: "the sum is {{tool:calc__add}}"',
    '  - match: "PROMPT-V2"',
    '    reply: "answered under v2"',
    '  - match: "PROMPT-V1"',
    '    reply: "answered under v1"',
  ].join('\n'));
  ({ server: mcp, url: mcpUrl } = await startMcpServer());
});

afterAll(async () => {
  await Promise.all(started.map((runtime) => runtime.stop()));
  await new Promise((resolve) => mcp.close(resolve));
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

function env(queue: string, pod: string, extra: Record<string, string> = {}, spec: Record<string, unknown> = {}): Record<string, string> {
  return {
    TASK_QUEUE_URL: server.url, AGENT_NAME: 'writer', AGENT_NAMESPACE: 'it', AGENT_QUEUE: queue, POD_NAME: pod,
    OBJECTS_DIR: join(dir, 'objects'), MOCK_RESPONSES: join(dir, 'mock.yaml'), VISIBILITY_TIMEOUT_MS: '1000',
    AGENT_SPEC: JSON.stringify({ model: 'mock', systemPromptRef: { configMapKeyRef: { name: 'prompts' } }, limits: { maxConcurrentTasks: 2 }, ...spec }),
    ...extra,
  };
}

async function runtime(queue: string, pod: string, extra: Record<string, string> = {}, spec: Record<string, unknown> = {}): Promise<RuntimeProcess> {
  const process_ = await startRuntime(env(queue, pod, extra, spec));
  started.push(process_);
  return process_;
}

let counter = 0;
function task(runId: string, prompt: string): AgentTask {
  counter++;
  return { id: `${runId}/s${counter}/1.1`, runId, step: `s${counter}`, role: 'writer', kind: 'step', prompt, inputs: { prompt } };
}

function client(): RedisQueue {
  return new RedisQueue({ url: server.url });
}

async function events(runId: string): Promise<LoggedEvent[]> {
  const redis = connectRedis(server.url, { logger: silentLogger, role: 'test' });
  try {
    return await new RedisEventLog(redis, () => redis).read(runId);
  } finally {
    await closeRedis(redis);
  }
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ark runtime: configuration', () => {
  it('exits 1 with one line per problem, naming the variable and the fix', async () => {
    const bad = await startRuntimeRaw({ AGENT_SPEC: '{"model": ""}', PORT: 'eighty' });
    expect(await bad.exited).toBe(1);
    const lines = bad.output().trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^TASK_QUEUE_URL: .*\(unset\); fix: set TASK_QUEUE_URL$/),
      expect.stringMatching(/^AGENT_NAME: .*\(unset\); fix: set AGENT_NAME$/),
      expect.stringMatching(/^PORT: .*\("eighty"\); fix: correct PORT$/),
    ]));
    const badSpec = await startRuntimeRaw({ TASK_QUEUE_URL: server.url, AGENT_NAME: 'a', AGENT_SPEC: '{"model": "", "limits": {"maxConcurrentTasks": 0}}' });
    expect(await badSpec.exited).toBe(1);
    expect(badSpec.output()).toMatch(/AGENT_SPEC: spec\.model: .*fix: correct the ArkAgent spec/);
    expect(badSpec.output()).toMatch(/AGENT_SPEC: spec\.limits\.maxConcurrentTasks: /);
  });
});

async function startRuntimeRaw(values: Record<string, string>): Promise<RuntimeProcess> {
  return startRuntime(values, { waitReady: false });
}

describe('ark runtime: failures', () => {
  it('a killed runtime\'s task is reclaimed by another after the visibility timeout and completes once', async () => {
    const queue = client();
    const slow = await runtime('it.kill', 'slow-pod', { MOCK_DELAY_MS: '60000' });
    const t = task('run-kill', 'write it');
    const result = queue.result('it.kill', t.id, never);
    await queue.enqueue('it.kill', t);
    await until('the slow pod to start the task', async () => (await events(t.runId)).some((event) => event.type === 'task.started'));
    const rescuer = await runtime('it.kill', 'rescuer-pod');
    slow.child.kill('SIGKILL');
    expect(await slow.exited).toBe('SIGKILL');
    await expect(result).resolves.toMatchObject({ output: 'answered under v1' });
    const log = await events(t.runId);
    expect(log.filter((event) => event.type === 'task.started').map((event) => event.type === 'task.started' && event.worker)).toEqual(['slow-pod', 'rescuer-pod']);
    expect(log.filter((event) => event.type === 'task.completed')).toHaveLength(1);
    await rescuer.stop();
    await queue.close();
  });

  it('a poison task is dead-lettered and its waiter gets the reason; the runtime goes on', async () => {
    const queue = client();
    const pod = await runtime('it.poison', 'poison-pod');
    const poison = { ...task('run-poison', 'x'), kind: 'nonsense' };
    const failed = queue.result('it.poison', poison.id, never);
    await redisCommand(server.port, 'XADD', queueKeys('it.poison').stream, '*', 'id', poison.id, 'attempt', '1', 'task', JSON.stringify(poison));
    await expect(failed).rejects.toThrow(/malformed task entry .*field "kind" is "nonsense"/);
    expect(await queue.deadLetters('it.poison')).toEqual([expect.objectContaining({ taskId: poison.id, reason: expect.stringMatching(/field "kind"/) })]);
    const fine = task('run-poison', 'fine');
    const ok = queue.result('it.poison', fine.id, never);
    await queue.enqueue('it.poison', fine);
    await expect(ok).resolves.toMatchObject({ output: 'answered under v1' });
    await pod.stop();
    await queue.close();
  });

  it('every accepted task completes across a Redis crash and restart (AOF, appendfsync always)', async () => {
    const queue = client();
    const pod = await runtime('it.restart', 'restart-pod', { MOCK_DELAY_MS: '100' });
    const tasks = Array.from({ length: 20 }, (_, i) => task('run-restart', `task ${i}`));
    const results = tasks.map((t) => queue.result('it.restart', t.id, never));
    for (const t of tasks) await queue.enqueue('it.restart', t);
    await results[0];
    await server.restart();
    const outcomes = await Promise.all(results);
    expect(outcomes.map((outcome) => outcome.output)).toEqual(tasks.map(() => 'answered under v1'));
    await pod.stop();
    await queue.close();
  });

  it('SIGTERM with tasks in flight: they finish or are handed back at once; none is lost', async () => {
    const queue = client();
    const extra = { MOCK_DELAY_MS: '2000', SHUTDOWN_GRACE_SECONDS: '0', VISIBILITY_TIMEOUT_MS: '60000' };
    const leaving = await runtime('it.term', 'leaving-pod', extra);
    const tasks = Array.from({ length: 4 }, (_, i) => task('run-term', `term ${i}`));
    const results = tasks.map((t) => queue.result('it.term', t.id, never));
    for (const t of tasks) await queue.enqueue('it.term', t);
    await until('two tasks to start', async () => (await events('run-term')).filter((event) => event.type === 'task.started').length >= 2);
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    const handedBackAt = Date.now();
    const next = await runtime('it.term', 'next-pod', { VISIBILITY_TIMEOUT_MS: '60000' });
    expect((await Promise.all(results)).map((outcome) => outcome.output)).toEqual(tasks.map(() => 'answered under v1'));
    expect(Date.now() - handedBackAt).toBeLessThan(30_000);
    await next.stop();
    await queue.close();
  });
});

describe('ark runtime: agent features', () => {
  it('calls a real MCP server, and a changed ConfigMap prompt reaches the next task without a restart', async () => {
    const queue = client();
    const pod = await runtime('it.mcp', 'mcp-pod', {}, { mcpServers: [{ name: 'calc', url: mcpUrl }] });
    const sum = task('run-mcp', 'add them');
    const sumResult = queue.result('it.mcp', sum.id, never);
    await queue.enqueue('it.mcp', sum);
    await expect(sumResult).resolves.toMatchObject({ output: 'the sum is 5' });
    const log = await events('run-mcp');
    expect(log.filter((event) => event.type === 'tool.result')).toEqual([expect.objectContaining({ tool: 'calc__add', ok: true, preview: '5' })]);

    const before = task('run-mcp', 'which prompt?');
    const beforeResult = queue.result('it.mcp', before.id, never);
    await queue.enqueue('it.mcp', before);
    await expect(beforeResult).resolves.toMatchObject({ output: 'answered under v1' });
    // The kubelet swaps a mounted ConfigMap's files atomically; a rename does the same.
    await writeFile(join(dir, 'objects/configmaps/prompts/.next'), 'You are PROMPT-V2.');
    await rename(join(dir, 'objects/configmaps/prompts/.next'), join(dir, 'objects/configmaps/prompts/prompt'));
    const after = task('run-mcp', 'which prompt?');
    const afterResult = queue.result('it.mcp', after.id, never);
    await queue.enqueue('it.mcp', after);
    await expect(afterResult).resolves.toMatchObject({ output: 'answered under v2' });
    await writeFile(join(dir, 'objects/configmaps/prompts/prompt'), 'You are PROMPT-V1.');
    await pod.stop();
    await queue.close();
  });

  it('fails a task once the agent\'s daily budget is spent, and serves health and metrics', async () => {
    const queue = client();
    // Its own agent name: the other tests' tokens count for `writer`.
    const pod = await runtime('it.budget', 'budget-pod', { AGENT_NAME: 'budgeted' }, { limits: { maxConcurrentTasks: 1, maxDailyTokens: 1 } });
    const port = Number(/http on http:\/\/[^:]+:(\d+)/.exec(pod.output())?.[1]);
    const first = task('run-budget', 'first');
    const firstResult = queue.result('it.budget', first.id, never);
    await queue.enqueue('it.budget', first);
    await firstResult;
    const second = task('run-budget', 'second');
    const secondResult = queue.result('it.budget', second.id, never);
    await queue.enqueue('it.budget', second);
    await expect(secondResult).rejects.toThrow(/daily token budget spent: ArkAgent budgeted spec\.limits\.maxDailyTokens is 1, \d+ used today; it resets at 20\d\d-/);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/arkonis_tasks_completed_total\{agent="budgeted"\} 1/);
    expect(metrics).toMatch(/arkonis_tasks_failed_total\{agent="budgeted"\} 1/);
    expect(metrics).toMatch(/arkonis_llm_calls_total\{agent="budgeted"\} 1/);
    expect(metrics).toMatch(/arkonis_task_queue_wait_seconds_count\{agent="budgeted"\} 2/);
    expect(metrics).toMatch(/arkonis_tokens_total\{agent="budgeted",direction="input"\} \d+/);
    await pod.stop();
    await queue.close();
  });
});

async function startMcpServer(): Promise<{ server: Server; url: string }> {
  const http = createServer((req, res) => {
    const tools = new McpServer({ name: 'calc', version: '1.0.0' });
    tools.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } },
      ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => tools.close()));
    void tools.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { server: http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp` };
}

describe('ark runtime: delegation across pods', () => {
  it('a role with CAN_DELEGATE hands a task to another role\'s pod through the team queues', async () => {
    const team = { TEAM_NAME: 'support' };
    const inline = { systemPrompt: 'You help.', systemPromptRef: undefined };
    await runtime('it.support.billing', 'billing-pod', { ...team, TEAM_ROLE: 'billing', AGENT_NAME: 'support-billing' }, inline);
    await runtime('it.support.lead', 'lead-pod', { ...team, TEAM_ROLE: 'lead', AGENT_NAME: 'support-lead', CAN_DELEGATE: 'billing' }, inline);
    const queue = client();
    const t = { ...task('run-delegate', 'My invoice shows a double charge.'), role: 'lead' };
    const result = queue.result('it.support.lead', t.id, never);
    await queue.enqueue('it.support.lead', t);
    const outcome = await result;
    expect(outcome.output).toBe('Delegated. Billing said: Mock response to: Refund the duplicate');
    const logged = await events(t.runId);
    const delegated = logged.find((event) => event.type === 'task.started' && event.taskId.startsWith(`${t.id}/delegate-`));
    expect(delegated).toMatchObject({ taskId: `${t.id}/delegate-1.0-billing`, worker: 'billing-pod' });
    await queue.close();
  });

  it('refuses CAN_DELEGATE without a team', async () => {
    const bad = await startRuntimeRaw({ TASK_QUEUE_URL: server.url, AGENT_NAME: 'a', AGENT_SPEC: '{"model":"mock","systemPrompt":"x"}', CAN_DELEGATE: 'billing' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/^CAN_DELEGATE: "billing" names roles of a team, but TEAM_NAME is unset; fix: set TEAM_NAME/m);
  });
});
