// Detached child processes identified by pid plus a marker in their command line, so a stale
// pid that the OS has reused for something else is never signalled.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

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
 * Stops one of our processes: SIGTERM, then SIGKILL after `graceMs`. Does nothing when the pid
 * is gone or no longer ours. Resolves once the process has exited.
 */
export async function stopProcess(pid: number, marker: string, graceMs = 10_000): Promise<void> {
  if (!isOurProcess(pid, marker)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isOurProcess(pid, marker) && Date.now() < deadline) await sleep(100);
  if (isOurProcess(pid, marker)) {
    signal(pid, 'SIGKILL');
    while (isOurProcess(pid, marker)) await sleep(50);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
