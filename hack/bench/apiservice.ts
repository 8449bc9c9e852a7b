// `npm run bench apiservice`: the aggregated API on a real kube-apiserver (built and cached
// by hack/kube-env) with a real Redis, in one run: discovery latency through the
// aggregator; task submissions/s through the aggregator vs straight to the server's port
// (as the front proxy, with its client cert) and their ratio; and the delay from an event
// appended to the run log to its line on `kubectl get --raw …/log?follow=true` (target
// p99 ≤ 50 ms).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { startControlPlane, stopControlPlane } from '../kube-env/control-plane.js';
import { runIdOf } from '../../apiservice/run-id.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { LoggedEvent } from '../../src/engine/events.js';
import { RedisEventLog } from '../../src/store/redis-event-log.js';
import { startBenchRedis } from './redis-server.js';

const NS = 'bench';
const PREFIX = `/apis/runtime.arkonis.dev/v1alpha1/namespaces/${NS}`;
const DISCOVERY_REQUESTS = 300;
const SUBMISSIONS = 1_000;
const CONCURRENCY = 16;
const FOLLOW_EVENTS = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function call(agent: Agent, url: URL, method: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function run(bin: string, args: string[], env: Record<string, string>, stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: ${out}`))));
    // A child that exits before reading stdin reports itself by its exit code, not an EPIPE crash.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

async function submissionsPerSecond(agent: Agent, base: string, headers: Record<string, string>): Promise<number> {
  const body = JSON.stringify({ prompt: 'bench task' });
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < SUBMISSIONS) {
      const code = await call(agent, new URL(`${base}${PREFIX}/arkagents/writer/tasks`), 'POST', { 'content-type': 'application/json', ...headers }, body);
      if (code !== 201) throw new Error(`task submission answered ${code}`);
    }
  }));
  return SUBMISSIONS / ((performance.now() - started) / 1000);
}

const stateDir = await mkdtemp(join(tmpdir(), 'arkonis-bench-apiservice-'));
// The compiled bench cannot run build.sh from dist/: it uses the binaries `npm run kube:build` cached.
const version = readFileSync('hack/kube-env/VERSION', 'utf8').trim();
const binDir = join(process.env.ARKONIS_CACHE_DIR ?? join(homedir(), '.cache', 'arkonis'), 'kube', version);
if (!existsSync(join(binDir, 'kube-apiserver'))) throw new Error(`no kube-apiserver in ${binDir}; fix: run npm run kube:build first`);
const plane = await startControlPlane(stateDir, binDir);
const redis = await startBenchRedis();
const kubectl = join(binDir, 'kubectl');
const env = { KUBECONFIG: plane.kubeconfig };
let apiPort = 0;
const operator = await startOperator({
  kubeconfig: plane.kubeconfig, webhooks: true, budgets: false, apiservice: true, apiservicePort: 0, host: '127.0.0.1', webhookPort: 0, metricsPort: 0,
  tlsCertFile: '', tlsKeyFile: '', redisUrl: redis.url, namespace: 'arkonis-system', devRegister: true,
  devCertDir: join(stateDir, 'dev-certs'), devNamespace: NS, devConfigName: 'bench', leaderElect: false, leaseDurationSeconds: 15, leaseRenewSeconds: 10, leaseRetrySeconds: 2, leaseIdentity: 'e2e',
}, (line) => { const port = /runtime\.arkonis\.dev on https:\/\/127\.0\.0\.1:(\d+)/.exec(line)?.[1]; if (port) apiPort = Number(port); });
try {
  await run(kubectl, ['apply', '--server-side', '-f', 'manifests/crds'], env);
  await run(kubectl, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkagents.arkonis.dev', 'crd/arkruns.arkonis.dev', 'crd/arkteams.arkonis.dev'], env);
  await run(kubectl, ['create', 'namespace', NS], env);
  await run(kubectl, ['wait', '--for=condition=Available', '--timeout=60s', 'apiservice/v1alpha1.runtime.arkonis.dev'], env);
  await run(kubectl, ['apply', '-f', '-'], env, JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', metadata: { name: 'writer', namespace: NS }, spec: { model: 'mock', systemPrompt: 'Write.' } }));
  const pki = plane.certs;
  const admin = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: await readFile(pki.caCert), cert: await readFile(pki.adminCert), key: await readFile(pki.adminKey) });
  const proxy = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, rejectUnauthorized: false, cert: await readFile(pki.frontProxyClientCert), key: await readFile(pki.frontProxyClientKey) });

  const discovery: number[] = [];
  for (let i = 0; i < DISCOVERY_REQUESTS; i++) {
    const t0 = performance.now();
    await call(admin, new URL(`${plane.server}/apis/runtime.arkonis.dev/v1alpha1`), 'GET');
    discovery.push(performance.now() - t0);
  }
  console.log(`discovery GET /apis/runtime.arkonis.dev/v1alpha1 through kube-apiserver: p50 ${percentile(discovery, 50).toFixed(2)} ms, p99 ${percentile(discovery, 99).toFixed(2)} ms (${DISCOVERY_REQUESTS} requests)`);

  const asProxy = { 'x-remote-user': 'bench-admin', 'x-remote-group': 'system:masters' };
  const direct = await submissionsPerSecond(proxy, `https://127.0.0.1:${apiPort}`, asProxy);
  const aggregated = await submissionsPerSecond(admin, plane.server, {});
  console.log(`task submissions (concurrency ${CONCURRENCY}, ${SUBMISSIONS} each): through the aggregator ${aggregated.toFixed(0)}/s, straight to the server ${direct.toFixed(0)}/s, ratio ${(aggregated / direct).toFixed(2)}`);

  await run(kubectl, ['apply', '-f', '-'], env, JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', metadata: { name: 'blog', namespace: NS }, spec: { roles: [{ name: 'w', model: 'mock', systemPrompt: 'W.' }], pipeline: [{ role: 'w', inputs: { prompt: 'x' } }] } }));
  await run(kubectl, ['apply', '-f', '-'], env, JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkRun', metadata: { name: 'followed', namespace: NS }, spec: { teamRef: { name: 'blog' } } }));
  const client = new Redis(redis.url);
  const events = new RedisEventLog(client, () => new Redis(redis.url));
  const runId = runIdOf(NS, 'followed');
  const sent = new Map<number, number>();
  const delays: number[] = [];
  const follower = spawn(kubectl, ['get', '--raw', `${PREFIX}/arkruns/followed/log?follow=true&format=json`], { env: { ...process.env, ...env } });
  let buffer = '';
  follower.stdout.on('data', (chunk: Buffer) => {
    const now = performance.now();
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const seq = (JSON.parse(line) as { seq: number }).seq;
      const at = sent.get(seq);
      if (at !== undefined) delays.push(now - at);
    }
  });
  const ended = new Promise((resolve) => follower.once('exit', resolve));
  const event = (seq: number, last: boolean): LoggedEvent => (last
    ? { seq, time: Date.now(), runId, type: 'run.completed', phase: 'Succeeded', usage: { input: 0, output: 0, total: 0 }, durationMs: 1 }
    : { seq, time: Date.now(), runId, type: 'step.started', step: 'w', attempt: 1, iteration: seq }) as LoggedEvent;
  await events.append(runId, [event(1, false)]);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (let seq = 2; seq <= FOLLOW_EVENTS + 1; seq++) {
    sent.set(seq, performance.now());
    await events.append(runId, [event(seq, seq === FOLLOW_EVENTS + 1)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await ended;
  client.disconnect();
  console.log(`event → kubectl get --raw …/log?follow=true line: p50 ${percentile(delays, 50).toFixed(1)} ms, p99 ${percentile(delays, 99).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms (${delays.length} events; target p99 ≤ 50 ms)`);
  admin.destroy();
  proxy.destroy();
} finally {
  await operator.stop();
  await redis.stop();
  await stopControlPlane(stateDir, plane);
  await rm(stateDir, { recursive: true, force: true });
}
