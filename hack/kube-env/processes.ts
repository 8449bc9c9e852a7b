// Stopping processes we started, in one place. Detached ones (etcd, kube-apiserver) are known
// by pid plus a marker in their command line, so a stale pid that the OS has reused for
// something else is never signalled; children still attached to us (redis-server, the test
// kubelet's replicas) are stopped through their ChildProcess.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

/** How long a process gets between SIGTERM and SIGKILL when stopped by pid. */
const STOP_GRACE_MS = 10_000;

/**
 * Starts `command` in its own process group with stdout/stderr appended to `logFile`, and lets
 * the caller's process exit without waiting for it. Returns the pid.
 */
export function spawnDetached(command: string, args: readonly string[], logFile: string): number {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** True when `pid` is running and its command line contains `marker` (e.g. our state dir). */
export function isOurProcess(pid: number, marker: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(marker);
  } catch {
    return false;
  }
}

/**
 * When `pid` started (clock ticks since boot, from /proc/<pid>/stat), or undefined when there
 * is no such process. Pid plus start time names one process: a reused pid starts later.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after it start with field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3];
  } catch {
    return undefined;
  }
}

/**
 * Stops one of our detached processes: SIGTERM, then SIGKILL after a grace period. Does
 * nothing when the pid is gone or no longer ours. Resolves once the process has exited.
 */
export async function stopProcess(pid: number, marker: string): Promise<void> {
  if (!isOurProcess(pid, marker)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isOurProcess(pid, marker) && Date.now() < deadline) await sleep(100);
  if (isOurProcess(pid, marker)) {
    signal(pid, 'SIGKILL');
    while (isOurProcess(pid, marker)) await sleep(50);
  }
}

/** True once `child` has exited on its own or was killed by a signal. */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export interface TerminateOptions {
  /** Signal the child's whole process group (it must have been spawned with detached: true). */
  readonly group?: boolean;
  /** Time between SIGTERM and SIGKILL. */
  readonly graceMs: number;
}

/**
 * Stops a child we spawned: SIGTERM, then SIGKILL after `graceMs`. Resolves on 'close' (the
 * process has exited and its stdio is drained), at once when it had already exited.
 */
export async function terminateChild(child: ChildProcess, opts: TerminateOptions): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || hasExited(child)) return;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const send = (sig: NodeJS.Signals): void => (opts.group === true ? signal(-pid, sig) : void child.kill(sig));
  send('SIGTERM');
  const timer = setTimeout(() => send('SIGKILL'), opts.graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `sig` to a pid (negative: a process group), ignoring one that is already gone. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
