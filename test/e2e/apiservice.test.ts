// The aggregated API runtime.arkonis.dev behind a real kube-apiserver, driven with kubectl:
// the APIService becomes Available, discovery lists the resources without shadowing the
// CRDs, run logs come from the Redis run log (written here as the run controller would),
// follow streams to the run's end, a service account may submit a task only once RBAC
// grants it, a real `ark runtime` runs the task, and the server's own port refuses
// callers it cannot authenticate. APIServices are cluster-wide: this suite registers
// v1alpha1.runtime.arkonis.dev alone and removes it when done.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { runIdOf } from '../../apiservice/run-id.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import type { LoggedEvent, RunEvent } from '../../src/engine/events.js';
import { RedisEventLog } from '../../src/store/redis-event-log.js';
import { kubeEnv, kubectl, writeTokenKubeconfig } from '../support/kube.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';
import { startRuntime } from '../support/runtime-process.js';
import type { RuntimeProcess } from '../support/runtime-process.js';

const NS = 'e2e-apiservice';
const OPERATOR_NS = 'e2e-apiservice-system';
const PREFIX = `/apis/runtime.arkonis.dev/v1alpha1/namespaces/${NS}`;
let redis: RedisServer;
let client: Redis;
let events: RedisEventLog;
let operator: RunningOperator;
let apiPort = 0;
let runtime: RuntimeProcess | undefined;
const lines: string[] = [];

const doc = (kind: string, name: string, spec: unknown) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind, metadata: { name, namespace: NS }, spec });
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(object) });
const raw = (args: string[], env: Record<string, string> = {}) => kubectl(args, { allowFailure: true, env });

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkruns.arkonis.dev', 'crd/arkteams.arkonis.dev', 'crd/arkagents.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  redis = await startRedis();
  client = new Redis(redis.url);
  events = new RedisEventLog(client, () => new Redis(redis.url));
  operator = await startOperator({
    kubeconfig: kubeEnv().kubeconfig, webhooks: true, budgets: true, apiservice: true, apiservicePort: 0, host: '127.0.0.1', webhookPort: 0, metricsPort: 0,
    tlsCertFile: '', tlsKeyFile: '', redisUrl: redis.url, namespace: OPERATOR_NS, devRegister: true,
    devCertDir: await mkdtemp(join(tmpdir(), 'arkonis-e2e-apiservice-certs-')), devNamespace: NS, devConfigName: 'e2e-apiservice', leaderElect: false, leaseDurationSeconds: 15, leaseRenewSeconds: 10, leaseRetrySeconds: 2, leaseIdentity: 'e2e',
  }, (line) => lines.push(line));
  apiPort = Number(/aggregated API runtime\.arkonis\.dev on https:\/\/127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))?.[1] ?? 0);
  await kubectl(['wait', '--for=condition=Available', '--timeout=60s', 'apiservice/v1alpha1.runtime.arkonis.dev']);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await operator?.stop();
  client?.disconnect();
  await redis?.stop();
  await kubectl(['delete', '-n', NS, 'arkruns,arkteams,arkagents', '--all', '--wait=false'], { allowFailure: true });
  await kubectl(['delete', 'namespace', NS, OPERATOR_NS, '--wait=false'], { allowFailure: true });
});

function event(runId: string, seq: number, body: Partial<RunEvent> & { type: RunEvent['type'] }): LoggedEvent {
  return { seq, time: Date.now(), runId, ...body } as LoggedEvent;
}

/** `kubectl get --raw …/log?follow=true` as a process; `exited()` fails with the output so far after 20 s. */
function followRaw(run: string): { out(): string; exited(): Promise<number | null> } {
  const child = spawn(join(kubeEnv().binDir, 'kubectl'), ['get', '--raw', `${PREFIX}/arkruns/${run}/log?follow=true`], { env: { ...process.env, KUBECONFIG: kubeEnv().kubeconfig } });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const exited = async (): Promise<number | null> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { child.kill(); reject(new Error(`the follow of ${run} did not end within 20 s; it printed:\n${out}`)); }, 20_000);
    });
    try {
      return await Promise.race([exit, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { out: () => out, exited };
}
const typesOf = (out: string): string[] => out.trim().split('\n').map((line) => line.split(' ')[1] ?? '');

async function createRun(name: string): Promise<void> {
  await apply(doc('ArkTeam', 'blog', { roles: [{ name: 'writer', model: 'mock', systemPrompt: 'Write.' }], pipeline: [{ role: 'writer', inputs: { prompt: 'hi' } }] }));
  await apply(doc('ArkRun', name, { teamRef: { name: 'blog' } }));
}

describe('aggregated API on a real kube-apiserver', () => {
  it('is Available, listed by kubectl api-resources, and does not shadow the CRDs', async () => {
    const { stdout } = await kubectl(['api-resources', '--api-group=runtime.arkonis.dev']);
    expect(stdout).toMatch(/^tasks\s+runtime\.arkonis\.dev\/v1alpha1\s+true\s+Task$/m);
    const list = JSON.parse((await kubectl(['get', '--raw', '/apis/runtime.arkonis.dev/v1alpha1'])).stdout) as { resources: { name: string; namespaced: boolean }[] };
    expect(list.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['arkruns/log', 'arkruns/retry', 'arkruns/cancel', 'arkagents/tasks', 'arkservices/tasks', 'arkteams/runs', 'tasks']));
    expect(list.resources.every((r) => r.namespaced)).toBe(true);
    await createRun('shadow');
    expect((await kubectl(['get', 'arkruns', '-n', NS, '-o', 'name'])).stdout).toContain('arkrun.arkonis.dev/shadow');
  });

  it('returns a run\'s events with get --raw …/log, filtered by step, tailLines and format=json', async () => {
    await createRun('logged');
    const runId = runIdOf(NS, 'logged');
    await events.append(runId, [
      event(runId, 1, { type: 'run.started', team: 'blog', steps: ['writer'] }),
      event(runId, 2, { type: 'step.started', step: 'writer', attempt: 1, iteration: 1 }),
    ]);
    const text = (await kubectl(['get', '--raw', `${PREFIX}/arkruns/logged/log`])).stdout;
    expect(text).toBe('run run.started team=blog steps=writer\nwriter step.started attempt=1 iteration=1\n');
    expect((await kubectl(['get', '--raw', `${PREFIX}/arkruns/logged/log?step=writer&timestamps=true`])).stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z writer step\.started/);
    const json = (await kubectl(['get', '--raw', `${PREFIX}/arkruns/logged/log?tailLines=1&format=json`])).stdout.trim().split('\n');
    expect(json.map((line) => JSON.parse(line) as { type: string; seq: number })).toEqual([expect.objectContaining({ type: 'step.started', seq: 2 })]);
    const missing = await raw(['get', '--raw', `${PREFIX}/arkruns/nope/log`]);
    expect(missing.stderr).toMatch(/arkruns.arkonis.dev "nope" not found/);
    const bad = await raw(['get', '--raw', `${PREFIX}/arkruns/logged/log?tailLines=x`]);
    expect(bad.stderr).toMatch(/query\.tailLines: expected a whole number/);
  });

  it('streams ?follow=true until the run ends', async () => {
    await createRun('followed');
    const runId = runIdOf(NS, 'followed');
    await events.append(runId, [event(runId, 1, { type: 'run.started', team: 'blog', steps: ['writer'] })]);
    const follow = followRaw('followed');
    await waitFor('the first line', async () => follow.out().includes('run.started'), 15_000);
    await events.append(runId, [event(runId, 2, { type: 'step.started', step: 'writer', attempt: 1, iteration: 1 })]);
    await waitFor('the streamed line', async () => follow.out().includes('step.started'), 15_000);
    await events.append(runId, [event(runId, 3, { type: 'run.completed', phase: 'Succeeded', usage: { input: 1, output: 1, total: 2 }, durationMs: 5 })]);
    expect(await follow.exited()).toBe(0);
    expect(typesOf(follow.out())).toEqual(['run.started', 'step.started', 'run.completed']);
  });

  it('?follow=true started before the run logs anything ends at its run.completed, though a stopped task reports after it', async () => {
    await createRun('cancelled');
    const runId = runIdOf(NS, 'cancelled');
    const follow = followRaw('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the follow waits for a log that does not exist yet
    await events.append(runId, [event(runId, 1, { type: 'run.started', team: 'blog', steps: ['writer'] }), event(runId, 2, { type: 'step.started', step: 'writer', attempt: 1, iteration: 1 })]);
    await waitFor('the first lines', async () => follow.out().includes('step.started'), 15_000);
    const stopped = { step: 'writer', taskId: `${runId}/writer/1`, error: 'cancelled' };
    await events.append(runId, [
      event(runId, 3, { type: 'run.completed', phase: 'Cancelled', usage: { input: 1, output: 1, total: 2 }, durationMs: 5 }),
      event(runId, 4, { type: 'task.failed', ...stopped }),
    ]);
    expect(await follow.exited()).toBe(0);
    expect(typesOf(follow.out())).toEqual(['run.started', 'step.started', 'run.completed']);
    // Followed once it has ended: everything stored, at once.
    const again = followRaw('cancelled');
    expect(await again.exited()).toBe(0);
    expect(typesOf(again.out())).toEqual(['run.started', 'step.started', 'run.completed', 'task.failed']);
  });

  it('lets a service account submit a task only once a Role grants create on arkagents/tasks; a runtime runs it', async () => {
    await apply(doc('ArkAgent', 'echo', { model: 'mock', systemPrompt: 'Echo.' }));
    await kubectl(['create', 'serviceaccount', 'submitter', '-n', NS]);
    const token = (await kubectl(['create', 'token', 'submitter', '-n', NS])).stdout.trim();
    const kubeconfig = await writeTokenKubeconfig(join(kubeEnv().stateDir, 'submitter.kubeconfig'), token);
    const post = (args: string[]) => kubectl(args, { allowFailure: true, env: { KUBECONFIG: kubeconfig }, stdin: JSON.stringify({ prompt: 'say hello' }) });
    const denied = await post(['create', '--raw', `${PREFIX}/arkagents/echo/tasks`, '-f', '-']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/Forbidden|cannot create arkagents\/tasks/);
    await apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'submit', namespace: NS }, rules: [
      { apiGroups: ['runtime.arkonis.dev'], resources: ['arkagents/tasks'], verbs: ['create'] },
      { apiGroups: ['runtime.arkonis.dev'], resources: ['tasks'], verbs: ['get'] },
    ] });
    await kubectl(['create', 'rolebinding', 'submit', '-n', NS, '--role=submit', `--serviceaccount=${NS}:submitter`]);
    let created = '';
    // A denial is cached for up to 10 s (as k8s.io/apiserver does).
    await waitFor('the Role to take effect', async () => {
      const result = await post(['create', '--raw', `${PREFIX}/arkagents/echo/tasks`, '-f', '-']);
      created = result.code === 0 ? result.stdout : '';
      return result.code === 0;
    }, 30_000);
    const task = JSON.parse(created) as { kind: string; metadata: { name: string; namespace: string }; spec: { target: string }; status: { phase: string } };
    expect(task).toMatchObject({ kind: 'Task', metadata: { namespace: NS }, spec: { target: 'arkagents/echo', prompt: 'say hello' }, status: { phase: 'Pending' } });
    expect(task.metadata.name).toMatch(/^task-[0-9a-f]{20}$/);
    runtime = await startRuntime({ TASK_QUEUE_URL: redis.url, AGENT_NAME: 'echo', AGENT_NAMESPACE: NS, POD_NAME: 'echo-0', AGENT_SPEC: JSON.stringify({ model: 'mock', systemPrompt: 'Echo.' }) });
    const read = await kubectl(['get', '--raw', `${PREFIX}/tasks/${task.metadata.name}?wait=30`], { env: { KUBECONFIG: kubeconfig } });
    const done = JSON.parse(read.stdout) as { status: { phase: string; output?: string; tokenUsage?: { total: number } } };
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.output).toContain('Mock response to: say hello');
    expect(done.status.tokenUsage?.total).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('starts a team run through kube-apiserver with the requesting user, and answers retry and cancel by the run\'s phase', async () => {
    const started = await kubectl(['create', '--raw', `${PREFIX}/arkteams/blog/runs`, '-f', '-'], { stdin: JSON.stringify({ input: { prompt: 'go' } }) });
    const run = JSON.parse(started.stdout) as { metadata: { name: string; annotations: Record<string, string>; labels?: Record<string, string> } };
    expect(run.metadata.name).toMatch(/^blog-/);
    expect(run.metadata.annotations['arkonis.dev/requested-by']).toBeTruthy();
    const retry = await raw(['create', '--raw', `${PREFIX}/arkruns/${run.metadata.name}/retry`, '-f', '-'], {});
    expect(retry.code).not.toBe(0);
    const cancelled = await kubectl(['create', '--raw', `${PREFIX}/arkruns/${run.metadata.name}/cancel`, '-f', '-'], { stdin: '{}' });
    expect((JSON.parse(cancelled.stdout) as typeof run).metadata.annotations['arkonis.dev/cancel-requested']).toMatch(/^\d{4}-/);
    await kubectl(['patch', 'arkrun', run.metadata.name, '-n', NS, '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Failed"}}']);
    const retried = await kubectl(['create', '--raw', `${PREFIX}/arkruns/${run.metadata.name}/retry`, '-f', '-'], { stdin: '{"step":"writer"}' });
    expect((JSON.parse(retried.stdout) as typeof run).metadata.annotations).toMatchObject({ 'arkonis.dev/retry-step': 'writer' });
    const again = await kubectl(['create', '--raw', `${PREFIX}/arkruns/${run.metadata.name}/cancel`, '-f', '-'], { stdin: '{}', allowFailure: true });
    expect(again.stderr).toMatch(/already finished \(Failed\)/);
  });

  it('refuses unauthenticated callers and forged X-Remote-User headers on its own port', async () => {
    const call = (headers: Record<string, string>, path = `${PREFIX}/tasks/task-00000000000000000000`, cert: { cert?: Buffer; key?: Buffer } = {}) => new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: apiPort, path, headers, rejectUnauthorized: false, ...cert }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    const attempts: Record<string, string>[] = [{}, { 'X-Remote-User': 'system:admin', 'X-Remote-Group': 'system:masters' }, { Authorization: 'Bearer not-a-token' }];
    for (const headers of attempts) {
      const answer = await call(headers);
      expect(answer.code).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    }
    const proxy = { cert: await readFile(join(kubeEnv().stateDir, 'pki', 'front-proxy-client.crt')), key: await readFile(join(kubeEnv().stateDir, 'pki', 'front-proxy-client.key')) };
    const asAggregator = { 'X-Remote-User': 'system:kube-aggregator', 'X-Remote-Group': 'system:masters' };
    expect((await call(asAggregator, '/apis/runtime.arkonis.dev/v1alpha1', proxy)).code).toBe(200);
    expect((await call(asAggregator, '/openapi/v2', proxy)).code).toBe(404);
    expect((await call(asAggregator, '/openapi/v3', proxy)).code).toBe(404);
    expect((await call({}, '/healthz')).code).toBe(200);
  });
});

describe('aggregated API under random requests', () => {
  it('answers 10,000 random requests without a 500 or a crash; none reaches a handler unauthenticated', async () => {
    const fc = (await import('fast-check')).default;
    const { fuzzRequest } = await import('./apiservice-fuzz.js');
    const pki = join(kubeEnv().stateDir, 'pki');
    const proxy = { cert: await readFile(join(pki, 'front-proxy-client.crt')), key: await readFile(join(pki, 'front-proxy-client.key')) };
    const agent = new Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: false });
    const proxyAgent = new Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: false, ...proxy });
    const samples = fc.sample(fuzzRequest, { numRuns: 10_000, seed: 20261201 });
    const codes = new Map<number, number>();
    // A keep-alive socket the server closed in between fails on reuse: that request is sent again on a fresh connection.
    const send = async (r: (typeof samples)[number]) => {
      const first = await sendOn(r, r.proxied ? proxyAgent : agent);
      return first.code !== -1 ? first : sendOn(r, new Agent({ rejectUnauthorized: false, ...(r.proxied ? proxy : {}) }));
    };
    const sendOn = (r: (typeof samples)[number], via: Agent) => new Promise<{ code: number; body: string }>((resolve) => {
      const req = request({ host: '127.0.0.1', port: apiPort, method: r.method, path: r.path, headers: r.headers, agent: via, timeout: 3_000 }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { if (text.length < 4096) text += c.toString(); });
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: text }));
        res.on('error', () => resolve({ code: res.statusCode ?? 0, body: text }));
        if (r.path.includes('follow')) setTimeout(() => { res.destroy(); resolve({ code: res.statusCode ?? 0, body: '' }); }, 500);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve({ code: -1, body: '' }));
      req.end(r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body);
    });
    const problems: string[] = [];
    const seen400: string[] = [];
    for (let i = 0; i < samples.length; i += 16) {
      const batch = samples.slice(i, i + 16);
      const answers = await Promise.all(batch.map(send));
      answers.forEach((answer, j) => {
        const r = batch[j]!;
        codes.set(answer.code, (codes.get(answer.code) ?? 0) + 1);
        const health = /^\/(healthz|readyz)(\?|$)/.test(r.path);
        const credentialed = r.proxied || /^Bearer\s+\S+\s*$/i.test(r.headers.authorization ?? '');
        if (answer.code >= 500 || answer.code === -1) problems.push(`${r.method} ${r.path} → ${answer.code} ${answer.body.slice(0, 200)}`);
        // Node's HTTP layer refuses a few malformed requests (400, before express); no handler's 400 may show up here.
        const beforeExpress = answer.code === 400 && !/docs\/apiservice\.md|request body/.test(answer.body);
        if (!credentialed && !health && answer.code !== 401 && !beforeExpress) problems.push(`unauthenticated ${r.method} ${r.path} → ${answer.code} ${answer.body.slice(0, 200)}`);
        if (answer.code === 400 && !credentialed) seen400.push(answer.body.slice(0, 120));
        if (answer.code >= 400 && r.method !== 'HEAD' && answer.body !== '' && !/"kind":"Status"/.test(answer.body)) problems.push(`${r.method} ${r.path} → ${answer.code} not a Status: ${answer.body.slice(0, 100)}`);
      });
    }
    agent.destroy();
    proxyAgent.destroy();
    if (seen400.length > 0) console.error(`[fuzz] unauthenticated 400 answers: ${JSON.stringify([...new Set(seen400)].slice(0, 5))}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(codes.get(401) ?? 0).toBeGreaterThan(1000);
    expect((await kubectl(['get', '--raw', '/apis/runtime.arkonis.dev/v1alpha1'])).code).toBe(0);
    expect(lines.join('\n')).not.toMatch(/unexpected error/);
  }, 600_000);
});
