// Rebuilds dist/ when a source file is newer than the compiled CLI, so the dev stack never
// runs stale code. The build runs as a child the caller awaits, never a synchronous spawn:
// a build of minutes would block the event loop (an e2e worker then misses its test runner's
// RPC deadline and the run fails with "Timeout calling onTaskUpdate").
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The checkout's root (this file is hack/dev/build.ts, or dist/hack/dev/build.js when compiled). */
export const REPO = existsSync(join(import.meta.dirname, '..', '..', 'package.json')) ? join(import.meta.dirname, '..', '..') : join(import.meta.dirname, '..', '..', '..');

export async function buildIfStale(): Promise<void> {
  // tsc's incremental build leaves unchanged outputs alone; its build info is always rewritten.
  const built = join(REPO, 'dist', '.tsbuildinfo');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (['src', 'hack', 'webhooks'].every((d) => newest(join(REPO, d)) <= builtAt) && existsSync(join(REPO, 'dist', 'hack', 'dev', 'kubelet-main.js'))) return;
  console.error('dist/ is older than the sources: npm run build');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error('npm run build failed; see the output above');
}

function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}
