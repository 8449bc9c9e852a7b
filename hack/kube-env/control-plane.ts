// A local Kubernetes control plane (etcd + kube-apiserver) running as detached processes, with
// everything about it (certs, data, logs, kubeconfig, pids) in one state directory. Used by
// `npm run kube:up/down` and by the e2e tier's global setup, each with its own state dir.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { writeClusterCerts } from './cluster-certs.js';
import type { ClusterCertFiles } from './cluster-certs.js';
import { apiserverArgs, etcdArgs } from './flags.js';
import { writeKubeconfig } from './kubeconfig.js';
import { freePorts, waitFor } from './net.js';
import { isOurProcess, spawnDetached, stopProcess } from './processes.js';

/** What `state.json` in the state dir records about a running control plane. */
export interface ControlPlane {
  readonly stateDir: string;
  readonly binDir: string;
  readonly kubeconfig: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  readonly certs: ClusterCertFiles;
  readonly pids: { readonly etcd: number; readonly apiserver: number };
}

const STATE_FILE = 'state.json';
const READY_TIMEOUT_MS = 120_000;

/**
 * Starts etcd and kube-apiserver from `binDir`, waits for /readyz, and returns once kubectl can
 * be used with the returned kubeconfig. `stateDir` must not hold a running control plane.
 * On failure everything started is stopped and the error carries the tail of the logs.
 */
export async function startControlPlane(stateDir: string, binDir: string): Promise<ControlPlane> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const certs = await writeClusterCerts(join(stateDir, 'pki'));
  const [etcdClient, etcdPeer, securePort] = (await freePorts(3)) as [number, number, number];
  const logs = { etcd: join(stateDir, 'etcd.log'), apiserver: join(stateDir, 'kube-apiserver.log') };
  const server = `https://127.0.0.1:${securePort}`;
  const kubeconfig = join(stateDir, 'kubeconfig');
  await writeKubeconfig(kubeconfig, server, certs.caCert, { name: 'admin', certFile: certs.adminCert, keyFile: certs.adminKey });

  // state.json is rewritten right after each spawn, so a start interrupted at any point
  // leaves every started process recorded for stopControlPlane (0 = not started yet).
  let pids = { etcd: 0, apiserver: 0 };
  const plane = (): ControlPlane => ({ stateDir, binDir, kubeconfig, server, certs, pids });
  try {
    pids = { ...pids, etcd: spawnDetached(join(binDir, 'etcd'), etcdArgs(join(stateDir, 'etcd-data'), etcdClient, etcdPeer), logs.etcd) };
    await recordState(plane());
    await waitAlive('etcd', pids.etcd, stateDir, logs.etcd, () => httpOk(`http://127.0.0.1:${etcdClient}/health`));
    pids = { ...pids, apiserver: spawnDetached(join(binDir, 'kube-apiserver'), apiserverArgs(certs, securePort, etcdClient), logs.apiserver) };
    await recordState(plane());
    await waitAlive('kube-apiserver /readyz', pids.apiserver, stateDir, logs.apiserver, () => readyz(server, certs));
    return plane();
  } catch (err) {
    await stopControlPlane(stateDir, plane());
    throw err;
  }
}

/**
 * Reads the state dir's record, or undefined when there is none or it cannot be parsed
 * (state.json is replaced by rename, but a crash or a full disk can still leave it damaged).
 */
export async function readControlPlane(stateDir: string): Promise<ControlPlane | undefined> {
  const text = await readFile(join(stateDir, STATE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ControlPlane;
  } catch {
    return undefined;
  }
}

/** Replaces state.json in one step (write + rename), so a reader never sees half a file. */
async function recordState(plane: ControlPlane): Promise<void> {
  const file = join(plane.stateDir, STATE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(plane, null, 2));
  await rename(`${file}.tmp`, file);
}

/** True when both processes are still ours and the apiserver answers /readyz. */
export async function isHealthy(plane: ControlPlane): Promise<boolean> {
  const alive = isOurProcess(plane.pids.etcd, plane.stateDir) && isOurProcess(plane.pids.apiserver, plane.stateDir);
  return alive && (await readyz(plane.server, plane.certs).catch(() => false));
}

/**
 * Stops the control plane recorded in `stateDir` (apiserver first), removes the dir, and
 * returns the record it acted on (undefined when there was none).
 */
export async function stopControlPlane(stateDir: string, known?: ControlPlane): Promise<ControlPlane | undefined> {
  const plane = known ?? (await readControlPlane(stateDir));
  if (plane !== undefined) {
    if (plane.pids.apiserver > 0) await stopProcess(plane.pids.apiserver, stateDir);
    if (plane.pids.etcd > 0) await stopProcess(plane.pids.etcd, stateDir);
  }
  await rm(stateDir, { recursive: true, force: true });
  return plane;
}

async function waitAlive(what: string, pid: number, marker: string, log: string, probe: () => Promise<boolean>): Promise<void> {
  try {
    const exited = (): string | undefined => (isOurProcess(pid, marker) ? undefined : 'the process exited');
    await waitFor(what, probe, READY_TIMEOUT_MS, exited);
  } catch (err) {
    const tail = (await readFile(log, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
    throw new Error(`${what} did not become ready: ${(err as Error).message}\n--- ${log} (tail) ---\n${tail}`, { cause: err });
  }
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return res.ok;
}

/** GET /readyz as the admin user; true on 200. */
function readyz(server: string, certs: ClusterCertFiles): Promise<boolean> {
  return Promise.all([readFile(certs.caCert), readFile(certs.adminCert), readFile(certs.adminKey)]).then(
    ([ca, cert, key]) =>
      new Promise<boolean>((resolve, reject) => {
        const req = request(`${server}/readyz`, { ca, cert, key, timeout: 2_000 }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('timeout', () => req.destroy(new Error('readyz timed out')));
        req.on('error', reject);
        req.end();
      }),
  );
}
