// terminateChild stops a child however it ends: on SIGTERM, on SIGKILL after the grace
// period, or not at all when a signal already killed it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasExited, terminateChild } from './processes.js';

/** A node child that prints "up" once its SIGTERM handling is in place. */
async function child(ignoreTerm: boolean, detached = false): Promise<ChildProcess> {
  const script = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000);`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached });
  await new Promise((resolve) => proc.stdout?.once('data', resolve));
  return proc;
}

describe('terminateChild', () => {
  it('stops a child with SIGTERM', async () => {
    const proc = await child(false);
    await terminateChild(proc, { graceMs: 10_000 });
    expect(proc.signalCode).toBe('SIGTERM');
  });

  it('escalates to SIGKILL when SIGTERM is ignored, for a whole process group too', async () => {
    const proc = await child(true, true);
    const started = Date.now();
    await terminateChild(proc, { group: true, graceMs: 300 });
    expect(proc.signalCode).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('returns at once for a child a signal has already killed', async () => {
    const proc = await child(false);
    const closed = new Promise((resolve) => proc.once('close', resolve));
    proc.kill('SIGKILL');
    await closed;
    expect(proc.exitCode).toBeNull();
    expect(hasExited(proc)).toBe(true);
    await terminateChild(proc, { graceMs: 10_000 });
  });
});
