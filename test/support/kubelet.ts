// The kubelet stand-in (hack/dev/kubelet.ts) for one Deployment of the e2e control plane,
// with its processes recorded under the e2e state dir so the global setup kills leftovers of
// a killed run. Replica logs go to files; logs() gathers them for assertion messages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeEnv } from './kube.js';
import { KUBELET_RECORDS } from './child-records.js';
import { startKubelet as startStandIn } from '../../hack/dev/kubelet.js';
import type { Replica } from '../../hack/dev/replica.js';

export interface KubeletOptions {
  readonly namespace: string;
  /** One Deployment; without it, every Deployment managed by arkonis in the namespace. */
  readonly deployment?: string;
  /** Host variables added under the container env (PATH and HOME are always passed). */
  readonly hostEnv?: Readonly<Record<string, string>>;
  /** Variables set over every container's env (ARK_PROVIDER=mock, MOCK_RESPONSES, …). */
  readonly overrideEnv?: Readonly<Record<string, string>>;
  /** Label selector of the Deployments to run (default: every one managed by arkonis). */
  readonly selector?: string;
  /** What a container command `ark …` runs as (default: the built CLI, bin/ark.js). */
  readonly arkCommand?: readonly string[];
}

export interface TestKubelet {
  /** Processes currently running. */
  running(): number;
  /** Pids of the running processes. */
  pids(): number[];
  /** The running replicas (name, port, …). */
  replicas(): readonly Replica[];
  /** The stand-in's messages and every replica's log so far (for assertion messages). */
  logs(): string;
  /** Stops watching and terminates every process. */
  stop(): Promise<void>;
}

/** Starts the stand-in for `namespace` (or one Deployment in it); call stop() in afterAll/afterEach. */
export function startKubelet(opts: KubeletOptions): TestKubelet {
  const kube = kubeEnv();
  const stateDir = join(kube.stateDir, `${KUBELET_RECORDS}-${opts.namespace}`);
  let messages = '';
  const kubelet = startStandIn({ kube, stateDir, recordsDir: join(kube.stateDir, KUBELET_RECORDS), ...opts, log: (line) => (messages += `[kubelet] ${line}\n`), intervalMs: 300 });
  const live = (): readonly Replica[] => kubelet.replicas();
  return {
    running: () => live().length,
    pids: () => live().flatMap((r) => (r.child.pid === undefined ? [] : [r.child.pid])),
    replicas: live,
    logs: () => messages + podLogs(join(stateDir, 'pods')),
    stop: () => kubelet.stop(),
  };
}

function podLogs(dir: string): string {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  } catch {
    return '';
  }
  return files.map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n');
}
