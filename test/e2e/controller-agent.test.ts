// The ArkAgent controller against a real kube-apiserver: kubectl apply of an ArkAgent gives
// the Deployment of contract C1, `kubectl scale arkagent` reaches it, a missing prompt
// ConfigMap is a condition that clears when the ConfigMap is created, an invalid stored spec
// is a ReconcileError condition, and a spent daily budget scales the agent to zero until the
// (injected) clock reaches the next window.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { RedisUsageLedger } from '../../src/budget/index.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import { systemClock } from '../../src/engine/clock.js';
import { devOperatorFlags } from '../support/operator-flags.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';

const NS = 'e2e-controller-agent';
/** A namespace the suite's webhooks do not cover, to store what they would deny. */
const UNCHECKED = 'e2e-controller-agent-unchecked';
let offsetMs = 0;
const clock = { ...systemClock, now: () => Date.now() + offsetMs };
let redis: RedisServer;
let ledger: RedisUsageLedger;
let operator: RunningOperator;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const agent = (name: string, spec: Obj) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', metadata: { name, namespace: NS }, spec });
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(object) });
const get = (what: string) => kubectlJson<Obj>(['get', '-n', NS, what]);
const tryGet = async (what: string): Promise<Obj | undefined> => (await kubectl(['get', '-n', NS, what], { allowFailure: true })).code === 0 ? get(what) : undefined;
const condition = (object: Obj | undefined, type: string): Obj | undefined => (object?.status?.conditions as Obj[] | undefined)?.find((c) => c.type === type);
async function until<T>(what: string, read: () => Promise<T | undefined>, ok: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  await waitFor(what, async () => { last = await read(); return last !== undefined && ok(last); }, 30_000);
  return last as T;
}

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkagents.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  await kubectl(['create', 'namespace', UNCHECKED]);
  redis = await startRedis();
  ledger = new RedisUsageLedger(new Redis(redis.url));
  operator = await startOperator(await devOperatorFlags(NS, redis.url), () => undefined, { clock, ledger });
});

afterAll(async () => {
  await operator?.stop();
  await ledger?.close();
  await redis?.stop();
  await kubectl(['delete', 'namespace', NS, UNCHECKED, '--wait=false'], { allowFailure: true });
});

describe('ArkAgent controller on a real kube-apiserver', () => {
  it('writes the Deployment of contract C1 and follows kubectl scale', async () => {
    await kubectl(['create', 'configmap', '-n', NS, 'prompts', '--from-literal=writer=You write.']);
    await apply(agent('writer', { model: 'mock', systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'writer' } }, envFrom: [{ secretRef: { name: 'keys' } }], nodeSelector: { pool: 'a' } }));
    const d = await until('the Deployment', () => tryGet('deployment/writer'), () => true);
    expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'ark-agent', 'app.kubernetes.io/managed-by': 'arkonis', 'arkonis.dev/agent': 'writer' });
    expect(d.metadata.ownerReferences[0]).toMatchObject({ kind: 'ArkAgent', name: 'writer', controller: true, blockOwnerDeletion: true });
    const managed = await kubectlJson<Obj>(['get', '-n', NS, 'deployment/writer', '--show-managed-fields']);
    expect(managed.metadata.managedFields.map((f: Obj) => f.manager)).toContain('arkonis-operator');
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c).toMatchObject({ name: 'agent', image: 'example.test/ark:e2e', imagePullPolicy: 'Never', command: ['ark', 'runtime'], envFrom: [{ secretRef: { name: 'keys' } }] });
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    const env = Object.fromEntries((c.env as Obj[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({ AGENT_NAME: 'writer', AGENT_NAMESPACE: NS, TASK_QUEUE_URL: redis.url, OBJECTS_DIR: '/etc/arkonis/objects', PORT: '8080', POD_NAME: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } });
    expect(JSON.parse(env.AGENT_SPEC as string)).toMatchObject({ model: 'mock', replicas: 1 });
    expect(pod.nodeSelector).toEqual({ pool: 'a' });
    expect(c.volumeMounts).toContainEqual({ name: 'cm-0', mountPath: '/etc/arkonis/objects/configmaps/prompts', readOnly: true });
    const status = await until('agent status', () => get('arkagent/writer'), (a) => a.status?.selector !== undefined);
    expect(status.status).toMatchObject({ selector: 'arkonis.dev/agent=writer', observedGeneration: 1 });
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'Progressing' });

    await kubectl(['scale', '-n', NS, 'arkagent/writer', '--replicas=3']);
    await until('the scaled Deployment', () => get('deployment/writer'), (dep) => dep.spec.replicas === 3);
    const metrics = await (await fetch(`${operator.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/controller_runtime_reconcile_total\{controller="arkagent",result="success"\} [1-9]/);
    expect(metrics).toContain('workqueue_adds_total{name="arkagent"}');
  });

  it('reports PromptResolutionError for a missing prompt ConfigMap and recovers when it is created', async () => {
    await apply(agent('reader', { model: 'mock', systemPromptRef: { configMapKeyRef: { name: 'later' } } }));
    const bad = await until('PromptResolutionError', () => get('arkagent/reader'), (a) => condition(a, 'Ready')?.reason === 'PromptResolutionError');
    expect(condition(bad, 'Ready')?.message).toBe('spec.systemPromptRef.configMapKeyRef.name: ConfigMap "later" not found; fix: create it with key "prompt"');
    expect(await tryGet('deployment/reader')).toBeUndefined();
    const events = await until('the Warning event', () => kubectlJson<Obj>(['get', '-n', NS, 'events', '--field-selector', 'involvedObject.name=reader']),
      (list) => (list.items as Obj[]).some((e) => e.reason === 'PromptResolutionError'));
    expect((events.items as Obj[]).find((e) => e.reason === 'PromptResolutionError')).toMatchObject({ type: 'Warning', involvedObject: { kind: 'ArkAgent', name: 'reader' } });
    await kubectl(['create', 'configmap', '-n', NS, 'later', '--from-literal=prompt=Read.']);
    await until('the Deployment after the ConfigMap', () => tryGet('deployment/reader'), () => true);
    await until('Progressing', () => get('arkagent/reader'), (a) => condition(a, 'Ready')?.reason === 'Progressing');
  });

  it('reports a stored spec the admission rules refuse as ReconcileError, without a Deployment, until it is fixed', async () => {
    const stored = (spec: Obj) => ({ ...agent('unchecked', spec), metadata: { name: 'unchecked', namespace: UNCHECKED } });
    const read = (what: string) => kubectlJson<Obj>(['get', '-n', UNCHECKED, what]);
    await apply(stored({ model: 'mock' })); // no prompt: the schema passes, the agent rules do not
    const bad = await until('ReconcileError', () => read('arkagent/unchecked'), (a) => condition(a, 'Ready')?.reason === 'ReconcileError');
    expect(condition(bad, 'Ready')?.message).toMatch(/^spec\.systemPrompt.*; fix: /);
    expect((await kubectl(['get', '-n', UNCHECKED, 'deployment/unchecked'], { allowFailure: true })).code).not.toBe(0);
    await apply(stored({ model: 'mock', systemPrompt: 'Fixed.' }));
    await until('the Deployment once fixed', () => read('deployments'), (list) => (list.items as Obj[]).length === 1);
  });

  it('scales an agent whose daily budget is spent to zero with BudgetExceeded, and back in the next window', async () => {
    await ledger.record({ namespace: NS, agent: 'spender', tokens: 100, at: clock.now() });
    await apply(agent('spender', { model: 'mock', systemPrompt: 'Spend.', replicas: 2, limits: { maxDailyTokens: 100, maxTokensPerCall: 50 } }));
    const spent = await until('BudgetExceeded', () => get('arkagent/spender'), (a) => condition(a, 'BudgetExceeded')?.status === 'True');
    expect(condition(spent, 'BudgetExceeded')).toMatchObject({ reason: 'DailyLimitReached' });
    expect(spent.status.dailyTokenUsage.total).toBe(100);
    expect((await get('deployment/spender')).spec.replicas).toBe(0);
    offsetMs += 86_400_000;
    await kubectl(['annotate', '-n', NS, 'arkagent/spender', 'e2e/nudge=1']); // the requeue at the reset is hours away in real time
    await until('the restored Deployment', () => get('deployment/spender'), (dep) => dep.spec.replicas === 2);
    expect(condition(await get('arkagent/spender'), 'BudgetExceeded')).toMatchObject({ status: 'False' });
  });
});
