// Brings up one real control plane (etcd + kube-apiserver) for the whole e2e run, in its own
// temporary state dir (independent of `npm run kube:up`), and tears it down afterwards.
// Builds the binaries first when they are not cached yet; that takes a while once per machine.
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBinaries } from '../../hack/kube-env/binaries.js';
import { startControlPlane, stopControlPlane } from '../../hack/kube-env/control-plane.js';
import { processStartTime } from '../../hack/kube-env/processes.js';
import { KUBELET_RECORDS, killRecordedChildren } from '../support/child-records.js';
import type { KubeEnv } from '../support/kube.js';

const PREFIX = 'arkonis-e2e-';
const OWNER_FILE = 'owner.pid';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await reapAbandoned();
  const t0 = Date.now();
  const binDir = await ensureBinaries();
  const t1 = Date.now();
  const stateDir = await mkdtemp(join(tmpdir(), PREFIX));
  await writeFile(join(stateDir, OWNER_FILE), `${process.pid} ${processStartTime(process.pid) ?? ''}`);
  const plane = await startControlPlane(stateDir, binDir);
  const t2 = Date.now();
  console.error(`[e2e] control plane ${plane.server} ready: binaries ${secs(t1 - t0)}, start ${secs(t2 - t1)} (state ${stateDir})`);
  const env: KubeEnv = { kubeconfig: plane.kubeconfig, server: plane.server, caFile: plane.certs.caCert, binDir, stateDir };
  project.provide('kubeEnv', env);
  return async () => {
    await stopLeftovers(stateDir);
    await stopControlPlane(stateDir, plane);
  };
}

/**
 * A run killed before its teardown leaves etcd, kube-apiserver and test-kubelet replicas
 * running; stop those whose owning test process is gone (only processes started from that
 * state dir, or recorded in it with their start time, are signalled).
 */
async function reapAbandoned(): Promise<void> {
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    const owner = await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => undefined);
    if (owner !== undefined ? isRunning(owner) : await isRecent(dir)) continue; // no owner yet: a run starting now
    console.error(`[e2e] stopping an abandoned control plane in ${dir}`);
    await stopLeftovers(dir);
    await stopControlPlane(dir);
  }
}

/** Kills test-kubelet replicas still running (their helper's stop() did not run). */
async function stopLeftovers(stateDir: string): Promise<void> {
  const killed = await killRecordedChildren(join(stateDir, KUBELET_RECORDS));
  if (killed > 0) console.error(`[e2e] killed ${killed} test-kubelet process group(s) left running in ${stateDir}`);
}

/** True when the owner file's "<pid> <start time>" still names a running process. */
function isRunning(owner: string): boolean {
  const [pid, started] = owner.trim().split(' ');
  const now = processStartTime(Number(pid));
  // An owner file without a start time (older runs) only says which pid to look for.
  return now !== undefined && (started === undefined || started === '' || started === now);
}

async function isRecent(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < 60_000;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
