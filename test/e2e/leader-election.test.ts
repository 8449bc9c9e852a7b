// Leader election against a real kube-apiserver: two operators with controllers share one
// Lease; only the holder reconciles (the other logs that it waits), and when the holder dies
// without releasing, the other takes the Lease within its duration and reconciles a new agent.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { startOperator } from '../../src/cli/commands/operator.js';
import type { RunningOperator } from '../../src/cli/commands/operator.js';
import { kubeEnv, kubectl, kubectlJson } from '../support/kube.js';

const NS = 'e2e-leader';
const SYSTEM = 'e2e-leader-system';
const LEASE_SECONDS = 4;
const RETRY_SECONDS = 1;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const logs = { a: [] as string[], b: [] as string[] };
const operators: Record<string, RunningOperator> = {};

const agent = (name: string) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', metadata: { name, namespace: NS }, spec: { model: 'mock', systemPrompt: 'Lead.' } });
const apply = (object: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(object) });
const holder = async (): Promise<string> => (await kubectlJson<Obj>(['get', '-n', SYSTEM, 'lease/arkonis-operator'])).spec.holderIdentity as string;
const deployed = async (name: string): Promise<boolean> => (await kubectl(['get', '-n', NS, `deployment/${name}`], { allowFailure: true })).code === 0;

async function operator(identity: string): Promise<RunningOperator> {
  return startOperator({
    kubeconfig: kubeEnv().kubeconfig, webhooks: true, budgets: false, controllers: true, agentImage: 'example.test/ark:e2e', agentImagePullPolicy: 'Never',
    host: '127.0.0.1', webhookPort: 0, metricsPort: 0, tlsCertFile: '', tlsKeyFile: '', redisUrl: 'redis://127.0.0.1:1', namespace: SYSTEM,
    leaderElect: true, leaseDurationSeconds: LEASE_SECONDS, leaseRenewSeconds: 3, leaseRetrySeconds: RETRY_SECONDS, leaseIdentity: identity,
    devRegister: true, devCertDir: await mkdtemp(join(tmpdir(), 'arkonis-e2e-leader-certs-')), devNamespace: NS, devConfigName: `${NS}-${identity}`,
  }, (line) => (identity === 'a' ? logs.a : logs.b).push(line));
}

beforeAll(async () => {
  await kubectl(['apply', '--server-side', '-f', 'manifests/crds']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/arkagents.arkonis.dev']);
  await kubectl(['create', 'namespace', NS]);
  await kubectl(['create', 'namespace', SYSTEM]);
  operators.a = await operator('a');
  operators.b = await operator('b');
});

afterAll(async () => {
  for (const running of Object.values(operators)) await running.stop();
  await kubectl(['delete', 'namespace', NS, SYSTEM, '--wait=false'], { allowFailure: true });
});

describe('leader election on a real kube-apiserver', () => {
  it('only the holder reconciles; the other takes over within the lease duration when the holder dies', async () => {
    expect(await holder()).toBe('a');
    expect(logs.a).toContain(`leader: acquired lease ${SYSTEM}/arkonis-operator as a`);
    expect(logs.b).toContain(`leader: waiting for lease ${SYSTEM}/arkonis-operator, held by a`);
    expect(logs.b.some((line) => line.startsWith('operator: controllers running'))).toBe(false);
    await apply(agent('first'));
    await waitFor('the Deployment from the holder', () => deployed('first'), 30_000);
    expect(logs.a.some((line) => line.startsWith('operator: controllers running'))).toBe(true);
    expect(logs.b.filter((line) => line.startsWith('leader: waiting'))).toHaveLength(1);

    const stopped = Date.now();
    await operators.a?.crash(); // no release: b must wait for expiry
    delete operators.a;
    await waitFor('b holds the lease', async () => (await holder()) === 'b', 30_000);
    // Expiry runs from when b saw the last renewal (up to one retry late) and is noticed on b's
    // next retry; 2 s more for kubectl polls on a loaded machine.
    expect(Date.now() - stopped).toBeLessThan((LEASE_SECONDS + 2 * RETRY_SECONDS + 2) * 1_000);
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(LEASE_SECONDS * 1_000 - 1_500);
    expect((await kubectlJson<Obj>(['get', '-n', SYSTEM, 'lease/arkonis-operator'])).spec.leaseTransitions).toBe(1);
    await apply(agent('second'));
    await waitFor('the Deployment from the new holder', () => deployed('second'), 30_000);
    expect(logs.b).toContain(`leader: acquired lease ${SYSTEM}/arkonis-operator as b`);

    await operators.b?.stop();
    delete operators.b;
    expect(await holder()).toBe('');
    expect(logs.b).toContain(`leader: released lease ${SYSTEM}/arkonis-operator`);
  });
});
