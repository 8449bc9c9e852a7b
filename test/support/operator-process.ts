// `ark operator` as a real child process (the built bin/ark.js), for suites that run several
// replicas and kill one. Its identity is POD_NAME; its output is kept for assertions; it is
// recorded under the e2e state dir so the global setup kills it after a killed test run.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../../hack/dev/build.js';
import { freePorts, waitFor } from '../../hack/kube-env/net.js';
import { hasExited, terminateChild } from '../../hack/kube-env/processes.js';
import { forgetChild, KUBELET_RECORDS, recordChild } from './child-records.js';
import { kubeEnv } from './kube.js';

export interface OperatorProcess {
  readonly identity: string;
  readonly child: ChildProcess;
  /** Everything it wrote so far. */
  output(): string;
  /** The text of its /metrics. */
  metrics(): Promise<string>;
  /** SIGTERM: controllers stop, the Lease is released, the webhook registration removed. */
  stop(): Promise<void>;
}

/** Starts a replica with `args` after the kubeconfig and its ports; resolves once /readyz answers. */
export async function spawnOperator(identity: string, args: readonly string[]): Promise<OperatorProcess> {
  const [metricsPort, webhookPort] = (await freePorts(2)) as [number, number];
  const child = spawn(process.execPath, [join(REPO, 'bin', 'ark.js'), 'operator', '--kubeconfig', kubeEnv().kubeconfig,
    '--metrics-port', String(metricsPort), '--webhook-port', String(webhookPort), ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', POD_NAME: identity }, stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, which the global setup's cleanup kills
  });
  const records = join(kubeEnv().stateDir, KUBELET_RECORDS);
  if (child.pid !== undefined) {
    await recordChild(records, child.pid);
    const pid = child.pid;
    child.once('close', () => void forgetChild(records, pid));
  }
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${metricsPort}`;
  await waitFor(`ark operator ${identity} /readyz`, async () => (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_000) })).ok, 60_000,
    () => (hasExited(child) ? `ark operator ${identity} exited:\n${output}` : undefined));
  return {
    identity, child, output: () => output,
    metrics: async () => (await fetch(`${base}/metrics`)).text(),
    stop: () => terminateChild(child, { graceMs: 15_000 }),
  };
}

/** The sum of a counter's samples in a /metrics text (0 when it has none). */
export function counterTotal(metrics: string, name: string): number {
  return metrics.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
