// Proves the test kubelet: a Deployment's command runs as a local process with the resolved
// env (literal, Secret and ConfigMap values) and stops on scale-down and on delete.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startKubelet } from '../support/kubelet.js';
import type { TestKubelet } from '../support/kubelet.js';
import { waitFor } from '../../hack/kube-env/net.js';

const NS = 'e2e-kubelet';

// Writes "<greeting> <secret> <config> <pod name>" to $OUT/<pid>, then idles until terminated.
const SCRIPT = `
const fs = require('fs');
const e = process.env;
fs.writeFileSync(e.OUT + '/' + process.pid, [e.GREETING, e.TOKEN, e.MODE, e.POD_NAME].join(' '));
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
              args: [SCRIPT],
              env: [
                { name: 'OUT', value: outDir },
                { name: 'GREETING', value: 'hello' },
                { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
                { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
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
    await waitFor('one worker process', async () => kubelet.running() === 1 && kubelet.pids().every((p) => existsSync(join(outDir, String(p)))), 30_000);
    const [pid] = kubelet.pids();
    expect(pid).toBeDefined();
    const written = await readFile(join(outDir, String(pid)), 'utf8');
    expect(written, kubelet.logs()).toMatch(/^hello s3cret fast worker-\d+$/);

    await waitFor('deployment status', async () => (await readyReplicas()) === 1, 10_000);

    await kubectl(['scale', 'deployment/worker', '-n', NS, '--replicas=0']);
    await waitFor('the process to stop', async () => kubelet.running() === 0 && !alive(pid as number), 20_000);
  });

  it('follows scale-up and stops everything when the deployment is deleted', async () => {
    await kubectl(['scale', 'deployment/worker', '-n', NS, '--replicas=2']);
    await waitFor('two worker processes', async () => kubelet.running() === 2, 30_000);
    const pids = kubelet.pids();
    await kubectl(['delete', 'deployment', 'worker', '-n', NS]);
    await waitFor('all processes to stop', async () => kubelet.running() === 0 && !pids.some(alive), 20_000);
  });

  it('reports status again for a deleted and recreated deployment', async () => {
    await kubectl(['create', '-f', '-'], { stdin: deployment(outDir, 1) });
    await waitFor('deployment status', async () => (await readyReplicas()) === 1, 30_000);
    // The same object again (same generation, same wanted status), as a new Deployment.
    await kubectl(['replace', '--force', '-f', '-'], { stdin: deployment(outDir, 1) });
    await waitFor('status on the recreated deployment', async () => (await readyReplicas()) === 1, 10_000);
    const pids = kubelet.pids();
    await kubectl(['delete', 'deployment', 'worker', '-n', NS]);
    await waitFor('all processes to stop', async () => kubelet.running() === 0 && !pids.some(alive), 20_000);
  });
});
