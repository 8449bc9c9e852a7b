// Brings up one real control plane (etcd + kube-apiserver) for the whole e2e run, in its own
// temporary state dir (independent of `npm run kube:up`), and tears it down afterwards.
// Builds the binaries first when they are not cached yet; that takes a while once per machine.
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBinaries } from '../../hack/kube-env/binaries.js';
import { startControlPlane, stopControlPlane } from '../../hack/kube-env/control-plane.js';
import type { KubeEnv } from '../support/kube.js';

const PREFIX = 'arkonis-e2e-';
const OWNER_FILE = 'owner.pid';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await reapAbandoned();
  const t0 = Date.now();
  const binDir = await ensureBinaries();
  const t1 = Date.now();
  const stateDir = await mkdtemp(join(tmpdir(), PREFIX));
  await writeFile(join(stateDir, OWNER_FILE), String(process.pid));
  const plane = await startControlPlane(stateDir, binDir);
  const t2 = Date.now();
  console.error(`[e2e] control plane ${plane.server} ready: binaries ${secs(t1 - t0)}, start ${secs(t2 - t1)} (state ${stateDir})`);
  const env: KubeEnv = { kubeconfig: plane.kubeconfig, server: plane.server, binDir, stateDir };
  project.provide('kubeEnv', env);
  return async () => {
    await stopControlPlane(stateDir, plane);
  };
}

/**
 * A run killed before its teardown leaves etcd and kube-apiserver running; stop those whose
 * owning test process is gone (only processes started from that state dir are signalled).
 */
async function reapAbandoned(): Promise<void> {
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    const owner = Number(await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => '0'));
    if (owner > 0 ? isAlive(owner) : await isRecent(dir)) continue; // no owner yet: a run starting now
    console.error(`[e2e] stopping an abandoned control plane in ${dir}`);
    await stopControlPlane(dir);
  }
}

async function isRecent(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < 60_000;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
