// Two full `ark operator` replicas (separate processes, leader election on, a 4 s Lease) with
// a run in progress: only the Lease holder reconciles and writes run status; kill -9 of the
// holder ⇒ the other takes the Lease within its duration, resumes the run and finishes it, and
// each step's task completed exactly once (the run log in Redis). The agent's pod is a real
// `ark runtime` run by the kubelet stand-in, on the mock provider with a delay per call.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../hack/dev/build.js';
import { waitFor } from '../../hack/kube-env/net.js';
import { runIdOf } from '../../src/core/run-requests.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startKubelet, type TestKubelet } from '../support/kubelet.js';
import { counterTotal, spawnOperator, type OperatorProcess } from '../support/operator-process.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { completedTasks, readRunLog, runEnded, untilRun } from '../support/runs.js';

const NS = 'e2e-operator-failover';
const SYSTEM = 'e2e-operator-failover-system';
const LEASE_SECONDS = 4;
const RECONCILES = 'controller_runtime_reconcile_total';
let redis: RedisServer;
let certDir: string;
let kubelet: TestKubelet;
const replicas: Record<string, OperatorProcess> = {};

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = (kind: string, name: string, spec: unknown) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind, metadata: { name, namespace: NS }, spec });
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(object) });
const lease = async (): Promise<Obj> => (await kubectlJson<Obj>(['get', '-n', SYSTEM, 'lease/arkonis-operator'])).spec as Obj;
const diagnostics = () => `${Object.values(replicas).map((r) => `--- ${r.identity}\n${r.output()}`).join('\n')}\n${kubelet.logs()}`;

async function replica(identity: string, certDir: string): Promise<OperatorProcess> {
  // One webhook registration (same name and CA) for both: the replica started last serves it.
  return (replicas[identity] = await spawnOperator(identity, [
    '--redis-url', redis.url, '--namespace', SYSTEM, '--no-apiservice', '--agent-image-pull-policy', 'Never',
    '--lease-duration-seconds', String(LEASE_SECONDS), '--lease-renew-seconds', '3', '--lease-retry-seconds', '1',
    '--dev-register', '--dev-cert-dir', certDir, '--dev-namespace', NS, '--dev-config-name', NS,
  ]));
}

beforeAll(async () => {
  await buildIfStale();
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkagents.arkonis.dev', 'crd/arkteams.arkonis.dev', 'crd/arkruns.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  await kubectl(['create', 'namespace', SYSTEM]);
  redis = await startRedis();
  kubelet = startKubelet({ namespace: NS, overrideEnv: { ARK_PROVIDER: 'mock', MOCK_DELAY_MS: '2500' } });
  certDir = await mkdtemp(join(tmpdir(), 'arkonis-failover-certs-'));
  await replica('op-a', certDir);
  await waitFor('op-a to hold the Lease', async () => (await lease()).holderIdentity === 'op-a', 30_000);
  await replica('op-b', certDir);
  await waitFor('op-b to wait for the Lease', async () => replicas['op-b']!.output().includes('leader: waiting for lease'), 30_000);
}, 240_000);

afterAll(async () => {
  for (const running of Object.values(replicas)) await running.stop();
  await kubelet?.stop();
  await redis?.stop();
  await kubectl(['delete', 'namespace', NS, SYSTEM, '--wait=false'], { allowFailure: true });
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

describe('two operator replicas, a run in progress and kill -9 of the leader', () => {
  it('only the holder reconciles; the other takes over within the lease duration and finishes the run, each task completed once', async () => {
    const [a, b] = [replicas['op-a']!, replicas['op-b']!];
    await apply(doc('ArkAgent', 'worker', { model: 'gpt-4o-mini', systemPrompt: 'You relay.', limits: { maxConcurrentTasks: 2 } }));
    await apply(doc('ArkTeam', 'relay', {
      roles: ['one', 'two', 'three'].map((name) => ({ name, arkAgent: 'worker' })),
      pipeline: [{ role: 'one' }, { role: 'two', dependsOn: ['one'] }, { role: 'three', dependsOn: ['two'] }],
    }));
    await waitFor('the worker pod ready', async () => (await kubectlJson<Obj>(['get', '-n', NS, 'deployment/worker'])).status?.readyReplicas === 1, 120_000, () => undefined)
      .catch((error: Error) => { throw new Error(`${error.message}\n${diagnostics()}`); });
    await kubectl(['create', '-f', '-'], { stdin: JSON.stringify(doc('ArkRun', 'relay-1', { teamRef: { name: 'relay' }, input: { prompt: 'pass it on' } })) });
    const midway = await untilRun(NS, 'relay-1', (s) => s.steps?.[1]?.phase === 'Running', 60_000, diagnostics);
    expect(midway.steps?.[0]?.phase).toBe('Succeeded'); // written by the holder alone:
    expect((await lease()).holderIdentity).toBe('op-a');
    expect(counterTotal(await a.metrics(), RECONCILES)).toBeGreaterThan(0);
    expect(counterTotal(await b.metrics(), RECONCILES)).toBe(0);
    expect(b.output()).not.toContain('operator: controllers running');

    const transitions = (await lease()).leaseTransitions ?? 0;
    const killed = Date.now();
    a.child.kill('SIGKILL');
    delete replicas['op-a'];
    await waitFor('op-b to take the Lease', async () => (await lease()).holderIdentity === 'op-b', 30_000);
    const takeoverMs = Date.now() - killed;
    // Expiry runs from when op-b saw the last renewal (up to one 1 s retry late) and is noticed
    // on its next retry; 2 s more for kubectl polls on a loaded machine.
    expect(takeoverMs).toBeLessThan((LEASE_SECONDS + 2 + 2) * 1_000);
    expect((await lease()).leaseTransitions).toBe(transitions + 1);
    await waitFor('op-b to run the controllers', async () => b.output().includes('operator: controllers running'), 30_000);

    const done = await untilRun(NS, 'relay-1', runEnded, 90_000, diagnostics);
    expect(done.phase, done.message).toBe('Succeeded');
    expect(done.steps?.map((s) => [s.name, s.phase, s.attempts])).toEqual([['one', 'Succeeded', 1], ['two', 'Succeeded', 1], ['three', 'Succeeded', 1]]);
    const run = runIdOf(NS, 'relay-1');
    expect(completedTasks(await readRunLog(redis.url, NS, 'relay-1'))).toEqual([`${run}/one/1.1`, `${run}/three/1.1`, `${run}/two/1.1`]);
    expect(counterTotal(await b.metrics(), RECONCILES)).toBeGreaterThan(0);
  }, 300_000);
});
