// Brings up one real control plane (etcd + kube-apiserver) for the whole e2e run, in its own
// temporary state dir (independent of `npm run kube:up`), and tears it down afterwards.
// Builds the binaries first when they are not cached yet; that takes a while once per machine.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBinaries } from '../../hack/kube-env/binaries.js';
import { startControlPlane, stopControlPlane } from '../../hack/kube-env/control-plane.js';
import type { KubeEnv } from '../support/kube.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  const binDir = await ensureBinaries();
  const t1 = Date.now();
  const stateDir = await mkdtemp(join(tmpdir(), 'arkonis-e2e-'));
  const plane = await startControlPlane(stateDir, binDir);
  const t2 = Date.now();
  console.error(
    `[e2e] control plane ${plane.server} ready: binaries ${secs(t1 - t0)}, start ${secs(t2 - t1)} (state ${stateDir})`,
  );
  const env: KubeEnv = { kubeconfig: plane.kubeconfig, server: plane.server, binDir, stateDir };
  project.provide('kubeEnv', env);
  return async () => {
    await stopControlPlane(stateDir, plane);
  };
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
