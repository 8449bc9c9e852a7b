// Plays the kubelet (and the Deployment controller) for one Deployment in the e2e control plane,
// which has neither: while the Deployment wants N replicas, N local processes run its first
// container's command + args ($(VAR) expanded) with that container's resolved env. Level-based: every poll
// compares desired with running and fixes the difference, so scale-up, scale-down, delete,
// template changes (all processes restart) and crashes (restarted after a second) are handled.
// It also writes the Deployment's status (replicas/ready/available) like a healthy rollout would.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { KubeEnv } from './kube.js';
import { kubeEnv, kubectlWith } from './kube.js';
import type { EnvFromSource, EnvVar } from './pod-env.js';
import { expandVars, resolveEnv } from './pod-env.js';
import { forgetChild, KUBELET_RECORDS, recordChild } from './child-records.js';
import { hasExited, sleep, terminateChild } from '../../hack/kube-env/processes.js';

interface Container {
  readonly name: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
}
interface DeploymentStatus {
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly updatedReplicas?: number;
}
interface Deployment {
  readonly metadata: { readonly generation?: number };
  readonly spec: { readonly replicas?: number; readonly template: { readonly spec: { readonly containers: readonly Container[] } } };
  readonly status?: DeploymentStatus;
}

export interface KubeletOptions {
  readonly namespace: string;
  readonly deployment: string;
  /** Host variables added under the container env (PATH and HOME are always passed). */
  readonly hostEnv?: Readonly<Record<string, string>>;
}

export interface TestKubelet {
  /** Processes currently running. */
  running(): number;
  /** Pids of the running processes. */
  pids(): number[];
  /** Combined stdout/stderr of every process started so far (for assertion messages). */
  logs(): string;
  /** Stops watching and terminates every process. */
  stop(): Promise<void>;
}

/** How often the Deployment is read and the replicas matched to it. */
const POLL_MS = 300;
/** A replica gets this long to exit after SIGTERM, like a pod's termination grace period. */
const GRACE_MS = 5_000;

interface Replica {
  readonly child: ChildProcess;
}

/** Starts playing the kubelet for `namespace/deployment`; call stop() in afterAll/afterEach. */
export function startKubelet(opts: KubeletOptions): TestKubelet {
  const kube = kubeEnv();
  const recordDir = join(kube.stateDir, KUBELET_RECORDS);
  const replicas: Replica[] = [];
  let template = '';
  let output = '';
  let stopped = false;
  let serial = 0;
  let crashedAt = 0;

  const live = (): Replica[] => replicas.filter((r) => !hasExited(r.child));

  async function tick(): Promise<void> {
    const dep = await readDeployment(kube, opts.namespace, opts.deployment);
    const desired = dep === undefined ? 0 : (dep.spec.replicas ?? 1);
    const key = JSON.stringify(dep?.spec.template ?? null);
    if (key !== template) {
      await Promise.all(replicas.splice(0).map(terminate));
      template = key;
    }
    // Forget exited processes; they are restarted (restartPolicy Always) after a 1 s back-off.
    const alive = live();
    if (alive.length < replicas.length) crashedAt = Date.now();
    replicas.splice(0, replicas.length, ...alive);
    while (replicas.length > desired) await terminate(replicas.pop() as Replica);
    const backingOff = Date.now() - crashedAt < 1_000;
    while (dep !== undefined && replicas.length < desired && !stopped && !backingOff) replicas.push(await launch(dep));
    if (dep !== undefined) await writeStatus(dep, live().length);
  }

  async function launch(dep: Deployment): Promise<Replica> {
    const container = dep.spec.template.spec.containers[0];
    if (container?.command === undefined || container.command.length === 0) {
      throw new Error(`deployment ${opts.deployment}: the test kubelet needs an explicit command in the first container`);
    }
    const pod = { name: `${opts.deployment}-${(serial += 1)}`, namespace: opts.namespace };
    const env = await resolveEnv(kube, pod, container.env, container.envFrom);
    const [cmd, ...args] = [...container.command, ...(container.args ?? [])].map((arg) => expandVars(arg, env)) as [string, ...string[]];
    const child = spawn(cmd, args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', HOSTNAME: pod.name, ...opts.hostEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so children of a `sh -c` die with it
    });
    const tag = `[${pod.name}] `;
    child.stdout?.on('data', (c: Buffer) => (output += tag + c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += tag + c.toString()));
    child.on('error', (err) => (output += `${tag}spawn failed: ${err.message}\n`));
    const pid = child.pid;
    if (pid !== undefined) {
      // Recorded for the e2e global setup, which kills leftovers of a killed run.
      await recordChild(recordDir, pid);
      child.once('close', () => void forgetChild(recordDir, pid));
    }
    return { child };
  }

  /**
   * Patches the status only when the Deployment just read differs from it (level-based, so a
   * deleted and recreated Deployment gets its status too). Zero counts are omitted by the API.
   */
  async function writeStatus(dep: Deployment, ready: number): Promise<void> {
    const status: DeploymentStatus = { observedGeneration: dep.metadata.generation, replicas: ready, readyReplicas: ready, availableReplicas: ready, updatedReplicas: ready };
    const current = dep.status ?? {};
    if ((Object.keys(status) as (keyof DeploymentStatus)[]).every((k) => (current[k] ?? 0) === (status[k] ?? 0))) return;
    const patch = JSON.stringify({ status });
    await kubectlWith(kube, ['patch', 'deployment', opts.deployment, '-n', opts.namespace, '--subresource=status', '--type=merge', '-p', patch], { allowFailure: true });
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await tick();
      } catch (err) {
        output += `[kubelet] ${(err as Error).message}\n`;
        await sleep(1_000); // crash or API error: back off like a kubelet would
      }
      await sleep(POLL_MS);
    }
  })();

  return {
    running: () => live().length,
    pids: () => live().flatMap((r) => (r.child.pid === undefined ? [] : [r.child.pid])),
    logs: () => output,
    stop: async () => {
      stopped = true;
      await loop;
      await Promise.all(replicas.splice(0).map(terminate));
    },
  };
}

async function readDeployment(kube: KubeEnv, namespace: string, name: string): Promise<Deployment | undefined> {
  const res = await kubectlWith(kube, ['get', 'deployment', name, '-n', namespace, '-o', 'json'], { allowFailure: true });
  if (res.code === 0) return JSON.parse(res.stdout) as Deployment;
  if (/NotFound/.test(res.stderr)) return undefined;
  throw new Error(`cannot read deployment ${namespace}/${name}: ${res.stderr.trim()}`);
}

/** Stops a replica's whole process group, so children of a `sh -c` go with it. */
function terminate(replica: Replica): Promise<void> {
  return terminateChild(replica.child, { group: true, graceMs: GRACE_MS });
}
