// The kubelet stand-in: plays the kubelet and the Deployment controller, which a local control
// plane (etcd + kube-apiserver only) lacks. For every selected Deployment it keeps
// `spec.replicas` local processes of the first container running (hack/dev/replica.ts) and
// writes the Deployment's status. Level-based: each pass compares what the API holds with what
// runs and fixes the difference, so scale up/down, delete, template changes (every replica
// restarts), crashes (restarted with exponential back-off) and ConfigMap/Secret updates
// (rewritten in place) all come out of the same loop.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { hasExited, sleep, terminateChild } from '../kube-env/processes.js';
import { REPO } from './build.js';
import { forgetChild, recordChild } from './child-records.js';
import type { KubeTarget } from './kubectl.js';
import { getItems, runKubectl } from './kubectl.js';
import type { PodSpec, Replica } from './replica.js';
import { launchReplica, probe, refreshMounts } from './replica.js';
import type { Snapshot } from './snapshot.js';
import { readSnapshot } from './snapshot.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by=arkonis';

interface DeploymentStatus {
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly updatedReplicas?: number;
}
export interface Deployment {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly generation?: number };
  readonly spec: { readonly replicas?: number; readonly template: { readonly spec: PodSpec & { readonly terminationGracePeriodSeconds?: number } } };
  readonly status?: DeploymentStatus;
}

export interface KubeletOptions {
  readonly kube: KubeTarget;
  /** Replica roots, logs (<stateDir>/pods/<ns>_<pod>.log) and process records live here. */
  readonly stateDir: string;
  /** Only this namespace (default: all). */
  readonly namespace?: string;
  /** Only this Deployment (needs namespace); otherwise every one matching `selector`. */
  readonly deployment?: string;
  /** Label selector (default: managed by arkonis). */
  readonly selector?: string;
  /** What a container command `ark …` runs as (default: node <repo>/bin/ark.js). */
  readonly arkCommand?: readonly string[];
  /** Host variables added under the container env (PATH and HOME are always passed). */
  readonly hostEnv?: Readonly<Record<string, string>>;
  /** Variables set over every container's env, e.g. ARK_PROVIDER=mock (see runtime-overrides.ts). */
  readonly overrideEnv?: Readonly<Record<string, string>>;
  /** Where the stand-in's own messages go (default: stderr). */
  readonly log?: (line: string) => void;
  /** Where started processes are recorded for a later cleanup (default: <stateDir>/records). */
  readonly recordsDir?: string;
  /** Time between passes. */
  readonly intervalMs?: number;
}

export interface Kubelet {
  /** Live replicas of `ns/name` (all Deployments when omitted). */
  replicas(key?: string): readonly Replica[];
  /** Stops the loop and terminates every replica. */
  stop(): Promise<void>;
}

interface Managed {
  template: string;
  hash: string;
  serial: number;
  crashes: number;
  crashedAt: number;
  replicas: Replica[];
}

/** The checkout's CLI (see build.ts for how the checkout is found). */
const DEFAULT_ARK = [process.execPath, join(REPO, 'bin', 'ark.js')];
const MAX_BACKOFF_MS = 30_000;
const DEFAULT_GRACE_S = 10;

export function startKubelet(opts: KubeletOptions): Kubelet {
  const managed = new Map<string, Managed>();
  const graces = new Map<string, number>();
  const log = opts.log ?? ((line: string) => console.error(`[kubelet] ${line}`));
  let lastError = new Map<string, string>();
  let stopped = false;

  const report = (errors: Map<string, string>): void => {
    // Logged once per change of state, not once per pass.
    for (const [key, msg] of errors) if (lastError.get(key) !== msg) log(`${key}: ${msg}`);
    for (const key of lastError.keys()) if (!errors.has(key)) log(`${key}: recovered`);
    lastError = errors;
  };

  async function pass(): Promise<void> {
    const errors = new Map<string, string>();
    let deployments: Deployment[] = [];
    try {
      deployments = await listDeployments(opts);
    } catch (err) {
      errors.set('list', (err as Error).message);
      report(errors);
      return; // keep what runs: an unreachable apiserver is not a delete
    }
    const seen = new Set(deployments.map(keyOf));
    for (const [key, m] of managed) if (!seen.has(key)) await stopAll(key, m.replicas.splice(0)).then(() => managed.delete(key));
    const snapshots = new Map<string, Promise<Snapshot>>();
    const snapshot = (ns: string): Promise<Snapshot> => snapshots.get(ns) ?? snapshots.set(ns, readSnapshot(opts.kube, ns)).get(ns)!;
    await Promise.all(deployments.map((dep) => reconcile(dep, snapshot).catch((err: unknown) => void errors.set(keyOf(dep), (err as Error).message))));
    report(errors);
  }

  async function reconcile(dep: Deployment, snapshot: (ns: string) => Promise<Snapshot>): Promise<void> {
    const key = keyOf(dep);
    const template = JSON.stringify(dep.spec.template);
    let m = managed.get(key);
    if (m === undefined || m.template !== template) {
      if (m !== undefined) await stopAll(key, m.replicas.splice(0));
      m = { template, hash: createHash('sha256').update(template).digest('hex').slice(0, 8), serial: 0, crashes: 0, crashedAt: 0, replicas: [] };
      managed.set(key, m);
    }
    graces.set(key, (dep.spec.template.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_S) * 1000);
    const alive = m.replicas.filter((r) => !hasExited(r.child));
    if (alive.length < m.replicas.length) [m.crashes, m.crashedAt] = [m.crashes + 1, Date.now()];
    m.replicas = alive;
    const desired = dep.spec.replicas ?? 1;
    await stopAll(key, m.replicas.splice(desired));
    try {
      await scaleUp(dep, m, desired, snapshot);
    } finally {
      await writeStatus(dep, m);
    }
  }

  async function scaleUp(dep: Deployment, m: Managed, desired: number, snapshot: (ns: string) => Promise<Snapshot>): Promise<void> {
    const { name, namespace } = dep.metadata;
    if (m.replicas.length === 0 && desired === 0) return;
    const data = await snapshot(namespace);
    for (const r of m.replicas) await refreshMounts(r, data);
    const backoff = m.crashes === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (m.crashes - 1));
    while (m.replicas.length < desired && !stopped && Date.now() - m.crashedAt >= backoff) {
      const pod = { name: `${name}-${m.hash}-${(m.serial += 1)}`, namespace };
      const dir = join(opts.stateDir, 'pods', `${namespace}_${pod.name}`);
      const replica = await launchReplica(dep.spec.template.spec, data, { pod, dir, arkCommand: opts.arkCommand ?? DEFAULT_ARK, hostEnv: opts.hostEnv ?? {}, overrideEnv: opts.overrideEnv ?? {} });
      await track(replica);
      m.replicas.push(replica);
    }
    await Promise.all(m.replicas.map(async (r) => (r.ready = !hasExited(r.child) && (await probe(r)))));
    if (m.replicas.length === desired && m.replicas.every((r) => r.ready)) m.crashes = 0;
  }

  async function track(replica: Replica): Promise<void> {
    const pid = replica.child.pid;
    if (pid === undefined) return;
    const records = opts.recordsDir ?? join(opts.stateDir, 'records');
    await recordChild(records, pid); // for cleanup after a killed stand-in
    replica.child.once('close', () => void forgetChild(records, pid));
  }

  async function stopAll(key: string, replicas: readonly Replica[]): Promise<void> {
    const graceMs = graces.get(key) ?? DEFAULT_GRACE_S * 1000;
    await Promise.all(replicas.map((r) => terminateChild(r.child, { group: true, graceMs })));
  }

  /** Patches the status only when it differs from what was read (level-based). Zero counts are omitted by the API. */
  async function writeStatus(dep: Deployment, m: Managed): Promise<void> {
    const ready = m.replicas.filter((r) => r.ready).length;
    const live = m.replicas.length;
    const status: DeploymentStatus = { observedGeneration: dep.metadata.generation, replicas: live, updatedReplicas: live, readyReplicas: ready, availableReplicas: ready };
    const current = dep.status ?? {};
    if ((Object.keys(status) as (keyof DeploymentStatus)[]).every((k) => (current[k] ?? 0) === (status[k] ?? 0))) return;
    const args = ['patch', 'deployment', dep.metadata.name, '-n', dep.metadata.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })];
    await runKubectl(opts.kube, args, { allowFailure: true });
  }

  const loop = (async () => {
    while (!stopped) {
      await pass();
      await sleep(opts.intervalMs ?? 500);
    }
  })();

  return {
    replicas: (key) => [...managed.entries()].filter(([k]) => key === undefined || k === key).flatMap(([, m]) => m.replicas.filter((r) => !hasExited(r.child))),
    stop: async () => {
      stopped = true;
      await loop;
      await Promise.all([...managed.entries()].map(([key, m]) => stopAll(key, m.replicas.splice(0))));
    },
  };
}

function keyOf(dep: Deployment): string {
  return `${dep.metadata.namespace}/${dep.metadata.name}`;
}

function listDeployments(opts: KubeletOptions): Promise<Deployment[]> {
  const scope = opts.namespace === undefined ? ['-A'] : ['-n', opts.namespace];
  if (opts.deployment !== undefined) return getItems<Deployment>(opts.kube, ['deployment', opts.deployment, ...scope]);
  return getItems<Deployment>(opts.kube, ['deployments', '-l', opts.selector ?? MANAGED_BY, ...scope]);
}
