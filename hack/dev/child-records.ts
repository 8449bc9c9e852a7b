// A trail of the processes the kubelet stand-in spawns, for when a run is killed before its helpers
// stop them: one file per process, `<dir>/<pid>`, holding the process's start time. The e2e
// global setup kills what is recorded under its state dir at teardown and when it reaps an
// abandoned run (test/e2e/global-setup.ts). Each process must lead its own process group
// (spawned with detached: true); the whole group is killed.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processStartTime } from '../kube-env/processes.js';

/** The test kubelet's records, under the e2e state dir. */
export const KUBELET_RECORDS = 'kubelet';

/** Records a running child; a no-op when it is already gone. */
export async function recordChild(dir: string, pid: number): Promise<void> {
  const started = processStartTime(pid);
  if (started === undefined) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, String(pid)), started);
}

/** Drops a record once its process is stopped. */
export async function forgetChild(dir: string, pid: number): Promise<void> {
  await rm(join(dir, String(pid)), { force: true });
}

/**
 * SIGKILLs the process group of every recorded process that is still the one recorded (same
 * pid and start time), removes the records, and returns how many groups were killed.
 */
export async function killRecordedChildren(dir: string): Promise<number> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  let killed = 0;
  for (const entry of entries) {
    const pid = Number(entry);
    const started = await readFile(join(dir, entry), 'utf8').catch(() => undefined);
    if (pid > 0 && started !== undefined && processStartTime(pid) === started) {
      try {
        process.kill(-pid, 'SIGKILL');
        killed += 1;
      } catch {
        // exited meanwhile
      }
    }
    await rm(join(dir, entry), { force: true });
  }
  return killed;
}
