// One local replica of a Deployment: its first container's command run as a process in its
// own process group, stdout/stderr appended to a log file, `PORT` on a free loopback port,
// ConfigMap/Secret volumes materialized under a per-replica root, and readiness probed on
// the container's readinessProbe httpGet path (no probe: ready while running).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../kube-env/net.js';
import type { EnvFromSource, EnvVar } from './pod-env.js';
import { expandVars, resolveEnvWith } from './pod-env.js';
import type { Snapshot } from './snapshot.js';
import { lookupIn } from './snapshot.js';
import type { ObjectMount, Volume, VolumeMount } from './volumes.js';
import { objectMounts, syncMount } from './volumes.js';

export interface Container {
  readonly name: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
  readonly volumeMounts?: readonly VolumeMount[];
  readonly readinessProbe?: { readonly httpGet?: { readonly path?: string } };
}
export interface PodSpec {
  readonly containers: readonly Container[];
  readonly volumes?: readonly Volume[];
}

/** How the replica is started; `ark` stands for the given command (the checkout's CLI). */
export interface LaunchContext {
  readonly pod: { readonly name: string; readonly namespace: string };
  /** Per-replica directory: volumes under <dir>/root, log at <dir>.log. */
  readonly dir: string;
  readonly arkCommand: readonly string[];
  readonly hostEnv: Readonly<Record<string, string>>;
  /** Set over the container's own env (the dev stack's --provider / --mock-delay). */
  readonly overrideEnv: Readonly<Record<string, string>>;
}

export interface Replica {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
  readonly mounts: ObjectMount[];
  /** Last data written per mount (index-aligned with mounts). */
  readonly written: (string | undefined)[];
  readonly readyPath: string | undefined;
  ready: boolean;
}

/** Materializes the volumes first (a missing ConfigMap throws, and no process is started). */
export async function launchReplica(spec: PodSpec, snapshot: Snapshot, ctx: LaunchContext): Promise<Replica> {
  const container = spec.containers[0];
  if (container?.command === undefined || container.command.length === 0) {
    throw new Error(`pod ${ctx.pod.namespace}/${ctx.pod.name}: the kubelet stand-in needs an explicit command in the first container (there are no images here)`);
  }
  const root = join(ctx.dir, 'root');
  const mounts = objectMounts(root, spec.volumes, container.volumeMounts);
  const written = await Promise.all(mounts.map((m) => syncMount(m, snapshot, undefined)));
  const env = resolveEnvWith(lookupIn(snapshot), ctx.pod, container.env, container.envFrom);
  const port = await freePort();
  env['PORT'] = String(port);
  // Paths into the container's filesystem that a mount covers point at the local copy.
  if (env['OBJECTS_DIR'] !== undefined) env['OBJECTS_DIR'] = join(root, env['OBJECTS_DIR']);
  const argv = [...container.command, ...(container.args ?? [])].map((a) => expandVars(a, env));
  const [cmd, ...args] = (argv[0] === 'ark' ? [...ctx.arkCommand, ...argv.slice(1)] : argv) as [string, ...string[]];
  await mkdir(ctx.dir, { recursive: true });
  const log = openSync(`${ctx.dir}.log`, 'a');
  try {
    const child = spawn(cmd, args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', HOSTNAME: ctx.pod.name, ...ctx.hostEnv, ...env, ...ctx.overrideEnv },
      stdio: ['ignore', log, log],
      detached: true, // own process group, so children of a `sh -c` die with it
    });
    child.on('error', () => undefined); // an unstartable command exits; the crash back-off handles it
    return { name: ctx.pod.name, child, port, mounts, written, readyPath: container.readinessProbe?.httpGet?.path, ready: false };
  } finally {
    closeSync(log);
  }
}

/** Brings the replica's mounted objects up to date in place (no restart), like the kubelet's sync. */
export async function refreshMounts(replica: Replica, snapshot: Snapshot): Promise<void> {
  for (const [i, mount] of replica.mounts.entries()) replica.written[i] = await syncMount(mount, snapshot, replica.written[i]);
}

/** One readiness probe: GET the probe path on the replica's port, 2xx/3xx within a second. */
export function probe(replica: Replica): Promise<boolean> {
  if (replica.readyPath === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: replica.port, path: replica.readyPath, timeout: 1_000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
