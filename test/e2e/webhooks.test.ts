// The admission webhooks behind a real kube-apiserver, driven with kubectl: denials print
// our lines, defaults are stored, bare runs get their snapshot, run specs are immutable while
// status stays writable, budgets deny and reset with the (injected) clock, dry runs work.
// The configurations apply to this suite's namespace only (the control plane is shared).
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { waitFor } from '../../hack/kube-env/net.js';
import { periodWindow, RedisUsageLedger } from '../../src/budget/index.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import { formatIssue, validateDocument } from '../../src/core/index.js';
import { kubeEnv, kubectl, kubectlJson } from '../support/kube.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';
import { systemClock } from '../../src/engine/clock.js';

const NS = 'e2e-webhooks';
const CONFIG = 'e2e-webhooks';
const BAD = 'test/fixtures/bad';
let offsetMs = 0;
const clock = { ...systemClock, now: () => Date.now() + offsetMs };
let redis: RedisServer;
let ledger: RedisUsageLedger;
let operator: RunningOperator;

const create = (object: unknown, extra: string[] = []) =>
  kubectl(['create', '-n', NS, '-f', '-', ...extra], { stdin: JSON.stringify(object), allowFailure: true });
const doc = (kind: string, name: string, spec: unknown, metadata: Record<string, unknown> = {}) =>
  ({ apiVersion: 'arkonis.dev/v1alpha1', kind, metadata: { name, ...metadata }, spec });
const team = doc('ArkTeam', 'research', {
  inputs: [{ name: 'topic', type: 'string', required: true }, { name: 'depth', type: 'integer', default: 2 }],
  limits: { maxDailyTokens: 50_000 },
  roles: [{ name: 'writer', model: 'mock', systemPrompt: 'Write.' }],
  pipeline: [{ role: 'writer', inputs: { prompt: 'About {{ .input.topic }}' } }],
});

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkruns.arkonis.dev', 'crd/arkteams.arkonis.dev', 'crd/arkbudgets.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  redis = await startRedis();
  ledger = new RedisUsageLedger(new Redis(redis.url));
  operator = await startOperator({
    kubeconfig: kubeEnv().kubeconfig, webhooks: true, budgets: true, host: '127.0.0.1', webhookPort: 0, metricsPort: 0,
    tlsCertFile: '', tlsKeyFile: '', redisUrl: redis.url, namespace: 'arkonis-system', devRegister: true,
    leaderElect: false, leaseDurationSeconds: 15, leaseRenewSeconds: 10, leaseRetrySeconds: 2, leaseIdentity: 'e2e',
    devCertDir: await mkdtemp(join(tmpdir(), 'arkonis-e2e-dev-certs-')), devNamespace: NS, devConfigName: CONFIG,
  }, () => undefined, { clock });
  // kube-apiserver picks new webhook configurations up asynchronously.
  await waitFor('the webhooks to be called', async () =>
    (await create(doc('ArkAgent', 'probe', { model: 'mock', replicas: 500 }), ['--dry-run=server'])).stderr.includes('denied the request'), 30_000);
});

afterAll(async () => {
  await operator?.stop();
  await ledger?.close();
  await redis?.stop();
  await kubectl(['delete', '-n', NS, 'arkruns,arkteams,arkagents,arkbudgets', '--all', '--wait=false'], { allowFailure: true });
});

describe('admission webhooks on a real kube-apiserver', () => {
  it('denies every bad fixture and kubectl prints our lines', async () => {
    const files = (await readdir(BAD)).filter((f) => f.endsWith('.yaml') && f !== 'yaml-syntax.yaml');
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const expected = validateDocument(parse(await readFile(join(BAD, file), 'utf8'))).issues.filter((i) => i.severity === 'error').map(formatIssue);
      const result = await kubectl(['create', '-n', NS, '-f', join(BAD, file)], { allowFailure: true });
      expect(result.code, file).not.toBe(0);
      expect(result.stderr, file).toMatch(/admission webhook "(mutate|validate)\.arkonis\.dev" denied the request/);
      for (const line of expected) expect(result.stderr, file).toContain(line);
    }
  });

  it('stores a good ArkAgent and ArkTeam with every default filled in', async () => {
    expect((await create(doc('ArkAgent', 'writer', { model: 'gpt-4o', systemPromptRef: { configMapKeyRef: { name: 'prompts' } } }))).code).toBe(0);
    const agent = await kubectlJson<{ spec: Record<string, unknown> }>(['get', '-n', NS, 'arkagent', 'writer']);
    expect(agent.spec).toMatchObject({ replicas: 1, systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'prompt' } }, limits: { maxTokensPerCall: 8000, timeoutSeconds: 120, maxConcurrentTasks: 5 } });
    expect((await create(team)).code).toBe(0);
    const stored = await kubectlJson<{ spec: { roles: Record<string, unknown>[]; successfulRunsHistoryLimit: number; failedRunsHistoryLimit: number } }>(['get', '-n', NS, 'arkteam', 'research']);
    expect(stored.spec.roles[0]).toMatchObject({ name: 'writer', replicas: 1, limits: { maxTokensPerCall: 8000, timeoutSeconds: 120, maxConcurrentTasks: 5 } });
    expect([stored.spec.successfulRunsHistoryLimit, stored.spec.failedRunsHistoryLimit]).toEqual([10, 5]);
  });

  it('warns (and allows) when a role names an ArkAgent that does not exist yet', async () => {
    const result = await create(doc('ArkTeam', 'later', { roles: [{ name: 'helper', arkAgent: 'not-yet' }], entry: 'helper' }));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Warning: spec.roles[0].arkAgent: ArkAgent "not-yet" not found in namespace "e2e-webhooks"; fix: create it before running the team');
  });

  it('snapshots the team into a bare ArkRun and labels it', async () => {
    expect((await create(doc('ArkRun', 'run-1', { teamRef: { name: 'research' }, input: { topic: 'tides' } }))).code).toBe(0);
    const run = await kubectlJson<{ metadata: { labels: Record<string, string>; ownerReferences: { name: string }[] }; spec: Record<string, unknown> }>(['get', '-n', NS, 'arkrun', 'run-1']);
    const stored = await kubectlJson<{ metadata: { generation: number } }>(['get', '-n', NS, 'arkteam', 'research']);
    expect(run.metadata.labels['arkonis.dev/team']).toBe('research');
    expect(run.metadata.ownerReferences.map((o) => o.name)).toEqual(['research']);
    expect(run.spec).toMatchObject({ input: { topic: 'tides', depth: 2 }, teamGeneration: stored.metadata.generation, teamSpec: { roles: [{ name: 'writer', replicas: 1 }] } });
    const missing = await create(doc('ArkRun', 'run-2', { teamRef: { name: 'research' } }));
    expect(missing.stderr).toContain('spec.input: missing required input: topic; fix: set spec.input.topic');
  });

  it('denies an edit of an ArkRun spec while its status can still be written', async () => {
    const edit = await kubectl(['patch', '-n', NS, 'arkrun', 'run-1', '--type=merge', '-p', '{"spec":{"input":{"topic":"other"}}}'], { allowFailure: true });
    expect(edit.code).not.toBe(0);
    expect(edit.stderr).toContain('spec.input.topic: an ArkRun is immutable once admitted; fix: create a new ArkRun');
    await kubectl(['patch', '-n', NS, 'arkrun', 'run-1', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running"}}']);
    expect((await kubectl(['get', '-n', NS, 'arkrun', 'run-1', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Running');
  });

  it('denies an ArkRun once the team budget is spent, and allows it after the window resets', async () => {
    expect((await create(doc('ArkBudget', 'team-cap', { selector: { team: 'research' }, maxTokens: 10_000 }))).code).toBe(0);
    await ledger.record({ namespace: NS, team: 'research', tokens: 10_000, at: clock.now() });
    const resetsAt = new Date(periodWindow('daily', clock.now()).resetsAt).toISOString().replace('.000Z', 'Z');
    const message = `ArkBudget team-cap: 10000/10000 tokens used today; resets at ${resetsAt}`;
    const attempt = () => create(doc('ArkRun', `run-${Date.now()}`, { teamRef: { name: 'research' }, input: { topic: 'x' } }));
    await waitFor('the budget denial', async () => (await attempt()).stderr.includes(message), 10_000);
    offsetMs = periodWindow('daily', clock.now()).resetsAt + 1_000 - Date.now();
    await waitFor('the next day to allow runs again', async () => (await attempt()).code === 0, 10_000);
  });

  it('answers kubectl create --dry-run=server without storing anything', async () => {
    const good = await create(doc('ArkAgent', 'dry', { model: 'mock', systemPrompt: 'x' }), ['--dry-run=server']);
    expect(good.stdout).toContain('arkagent.arkonis.dev/dry created (server dry run)');
    const listed = await kubectl(['get', '-n', NS, 'arkagent', 'dry'], { allowFailure: true });
    expect(listed.stderr).toMatch(/NotFound/);
    const bad = await create(doc('ArkAgent', 'dry-bad', { model: 'mock', systemPrompt: 'x', systemPromptRef: { secretKeyRef: { name: 's' } } }), ['--dry-run=server']);
    expect(bad.stderr).toContain('spec.systemPromptRef: systemPrompt and systemPromptRef are both set; fix: keep exactly one of them');
  });

  it('removes its webhook configurations when stopped', async () => {
    await operator.stop();
    const left = await kubectl(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'name'], { allowFailure: true });
    expect(left.stdout).not.toContain(CONFIG);
  });
});
