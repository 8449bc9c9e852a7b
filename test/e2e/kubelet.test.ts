// Proves the test kubelet: a Deployment's command runs as a local process with the resolved
// env (literal, Secret, ConfigMap and field values, envFrom, $(VAR) expansion in env and
// args) and stops on scale-down and on delete.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeEnv, kubectl, kubectlJson } from '../support/kube.js';
import { startKubelet } from '../support/kubelet.js';
import type { TestKubelet } from '../support/kubelet.js';
import { resolveEnv } from '../support/pod-env.js';
import type { EnvVar } from '../support/pod-env.js';
import { waitFor } from '../../hack/kube-env/net.js';

const NS = 'e2e-kubelet';

// Writes its env and its arguments as JSON to $OUT/<pid>, then idles until terminated.
const SCRIPT = `
const fs = require('fs');
fs.writeFileSync(process.env.OUT + '/' + process.pid, JSON.stringify({ env: process.env, args: process.argv.slice(1) }));
setInterval(() => {}, 1000);
`;

function deployment(outDir: string, replicas: number): string {
  const labels = { app: 'worker' };
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'worker', namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'worker',
              image: 'local/none',
              command: ['node', '-e'],
              args: [SCRIPT, 'pod=$(POD_NAME)', '$(UNDEFINED)'],
              envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }, { secretRef: { name: 'creds' } }],
              env: [
                { name: 'OUT', value: outDir },
                { name: 'GREETING', value: 'hello' },
                { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
                { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'MESSAGE', value: '$(GREETING) from $(POD_NAME), mode $(CFG_mode), $$(GREETING) $(LATER)' },
                { name: 'LATER', value: 'defined after MESSAGE' },
              ],
            },
          ],
        },
      },
    },
  });
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`);

async function readyReplicas(): Promise<number | undefined> {
  const dep = await kubectlJson<{ status?: { readyReplicas?: number } }>(['get', 'deployment', 'worker', '-n', NS]);
  return dep.status?.readyReplicas;
}

describe('test kubelet', () => {
  let outDir: string;
  let kubelet: TestKubelet;
  /** waitFor, with the replicas' output in the error. */
  const waitForKubelet = (what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> =>
    waitFor(what, probe, timeoutMs).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n--- test kubelet output ---\n${kubelet.logs()}`, { cause: err });
    });
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'arkonis-kubelet-'));
    await kubectl(['create', 'namespace', NS]);
    await kubectl(['create', 'secret', 'generic', 'creds', '-n', NS, '--from-literal=token=s3cret']);
    await kubectl(['create', 'configmap', 'settings', '-n', NS, '--from-literal=mode=fast']);
    kubelet = startKubelet({ namespace: NS, deployment: 'worker' });
  });
  afterAll(async () => {
    await kubelet.stop();
    await rm(outDir, { recursive: true, force: true });
  });

  it('runs the container command with its env while replicas is 1, and stops it at 0', async () => {
    await kubectl(['create', '-f', '-'], { stdin: deployment(outDir, 1) });
    await waitForKubelet('one worker process', async () => kubelet.running() === 1 && kubelet.pids().every((p) => existsSync(join(outDir, String(p)))), 30_000);
    const [pid] = kubelet.pids();
    expect(pid).toBeDefined();
    const written = JSON.parse(await readFile(join(outDir, String(pid)), 'utf8')) as { env: Record<string, string>; args: string[] };
    const podName = written.env['POD_NAME'] ?? '';
    expect(podName, kubelet.logs()).toMatch(/^worker-[0-9a-f]{8}-\d+$/);
    expect(written.env).toMatchObject({ GREETING: 'hello', TOKEN: 's3cret', MODE: 'fast' });
    // envFrom: every ConfigMap key under the prefix, every Secret key as is.
    expect(written.env).toMatchObject({ CFG_mode: 'fast', token: 's3cret' });
    // $(VAR) sees earlier entries and envFrom; $$ escapes; unknown and later ones stay as written.
    expect(written.env['MESSAGE']).toBe(`hello from ${podName}, mode fast, $(GREETING) $(LATER)`);
    expect(written.args).toEqual([`pod=${podName}`, '$(UNDEFINED)']);

    await waitForKubelet('deployment status', async () => (await readyReplicas()) === 1, 10_000);

    await kubectl(['scale', 'deployment/worker', '-n', NS, '--replicas=0']);
    await waitForKubelet('the process to stop', async () => kubelet.running() === 0 && !alive(pid as number), 20_000);
  });

  it('follows scale-up and stops everything when the deployment is deleted', async () => {
    await kubectl(['scale', 'deployment/worker', '-n', NS, '--replicas=2']);
    await waitForKubelet('two worker processes', async () => kubelet.running() === 2, 30_000);
    const pids = kubelet.pids();
    await kubectl(['delete', 'deployment', 'worker', '-n', NS]);
    await waitForKubelet('all processes to stop', async () => kubelet.running() === 0 && !pids.some(alive), 20_000);
  });

  it('reports status again for a deleted and recreated deployment', async () => {
    await kubectl(['create', '-f', '-'], { stdin: deployment(outDir, 1) });
    await waitForKubelet('deployment status', async () => (await readyReplicas()) === 1, 30_000);
    // The same object again (same generation, same wanted status), as a new Deployment.
    await kubectl(['replace', '--force', '-f', '-'], { stdin: deployment(outDir, 1) });
    await waitForKubelet('status on the recreated deployment', async () => (await readyReplicas()) === 1, 10_000);
    const pids = kubelet.pids();
    await kubectl(['delete', 'deployment', 'worker', '-n', NS]);
    await waitForKubelet('all processes to stop', async () => kubelet.running() === 0 && !pids.some(alive), 20_000);
  });

  it('refuses env sources it cannot resolve instead of guessing', async () => {
    const pod = { name: 'worker-0', namespace: NS };
    const cpu = { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } } as unknown as EnvVar;
    await expect(resolveEnv(kubeEnv(), pod, [cpu])).rejects.toThrow(/env CPU: valueFrom resourceFieldRef is not supported/);
    const node = { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } };
    await expect(resolveEnv(kubeEnv(), pod, [node])).rejects.toThrow(/env NODE: fieldRef spec.nodeName is not supported/);
  });
});
