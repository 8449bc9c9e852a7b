// The kubelet stand-in running a Deployment shaped like the ArkAgent controller writes it
// (contract C1): real `ark runtime` replicas with the mock provider on real Redis become Ready
// (status written), follow scale up/down, see a prompt ConfigMap change in place, and stop
// when the Deployment is deleted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startKubelet } from '../support/kubelet.js';
import type { TestKubelet } from '../support/kubelet.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';
import { waitFor } from '../../hack/kube-env/net.js';
import { buildIfStale } from '../../hack/dev/build.js';

const NS = 'e2e-dev-kubelet';
const OBJECTS = '/etc/arkonis/objects';

function agentDeployment(queueUrl: string, replicas: number): string {
  const spec = { model: 'mock', systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'system.txt' } } };
  const labels = { 'app.kubernetes.io/name': 'ark-agent', 'app.kubernetes.io/managed-by': 'arkonis', 'arkonis.dev/agent': 'writer' };
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'writer', namespace: NS, labels },
    spec: {
      replicas, selector: { matchLabels: { 'arkonis.dev/agent': 'writer' } },
      template: {
        metadata: { labels },
        spec: {
          volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cm-prompts', configMap: { name: 'prompts' } }],
          containers: [{
            name: 'agent', image: 'ghcr.io/arkonis/ark:0.1.0', command: ['ark', 'runtime'], ports: [{ name: 'http', containerPort: 8080 }],
            env: [
              { name: 'AGENT_NAME', value: 'writer' }, { name: 'AGENT_NAMESPACE', value: NS }, { name: 'AGENT_SPEC', value: JSON.stringify(spec) },
              { name: 'TASK_QUEUE_URL', value: queueUrl }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'OBJECTS_DIR', value: OBJECTS }, { name: 'PORT', value: '8080' },
            ],
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'cm-prompts', mountPath: `${OBJECTS}/configmaps/prompts`, readOnly: true }],
            readinessProbe: { httpGet: { path: '/readyz', port: 'http' } }, livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
          }],
        },
      },
    },
  });
}

async function status(): Promise<{ readyReplicas?: number; replicas?: number; observedGeneration?: number }> {
  return (await kubectlJson<{ status?: object }>(['get', 'deployment', 'writer', '-n', NS])).status ?? {};
}

describe('kubelet stand-in with ark runtime', () => {
  let redis: RedisServer;
  let kubelet: TestKubelet;
  const until = (what: string, probe: () => Promise<boolean>, ms = 40_000): Promise<void> =>
    waitFor(what, probe, ms).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${kubelet.logs()}`, { cause: err });
    });
  beforeAll(async () => {
    await buildIfStale(); // `ark` runs as the built bin/ark.js
    redis = await startRedis();
    await kubectl(['create', 'namespace', NS]);
    await kubectl(['create', 'configmap', 'prompts', '-n', NS, '--from-literal=system.txt=You are v1']);
    kubelet = startKubelet({ namespace: NS });
  }, 180_000);
  afterAll(async () => {
    await kubelet.stop();
    await redis.stop();
  });

  it('runs the replicas Ready, follows scale and ConfigMap changes, and stops on delete', async () => {
    await kubectl(['create', '-f', '-'], { stdin: agentDeployment(redis.url, 2) });
    await until('2 ready replicas in the status', async () => (await status()).readyReplicas === 2);
    expect(await status()).toMatchObject({ replicas: 2, observedGeneration: 1 });
    const [first] = kubelet.replicas();
    expect(new Set(kubelet.replicas().map((r) => r.port)).size).toBe(2); // PORT per replica
    const prompt = join(first!.mounts[0]!.dir, 'system.txt');
    expect(readFileSync(prompt, 'utf8')).toBe('You are v1');

    const pid = first!.child.pid;
    await kubectl(['create', 'configmap', 'prompts', '-n', NS, '--from-literal=system.txt=You are v2', '--dry-run=client', '-o', 'json'])
      .then((r) => kubectl(['apply', '-f', '-'], { stdin: r.stdout }));
    await until('the new prompt in the mounted file', async () => readFileSync(prompt, 'utf8') === 'You are v2', 10_000);
    expect(kubelet.pids()).toContain(pid); // in place: no restart

    await kubectl(['scale', 'deployment/writer', '-n', NS, '--replicas=1']);
    await until('1 replica', async () => kubelet.running() === 1 && (await status()).replicas === 1);
    await kubectl(['scale', 'deployment/writer', '-n', NS, '--replicas=3']);
    await until('3 ready replicas', async () => (await status()).readyReplicas === 3);

    const pids = kubelet.pids();
    await kubectl(['delete', 'deployment', 'writer', '-n', NS]);
    await until('every replica to stop', async () => kubelet.running() === 0 && !pids.some((p) => existsSync(`/proc/${p}`)), 30_000);
  });
});
