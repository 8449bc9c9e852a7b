// Locates (building on first use) the cached kube-apiserver, kubectl and etcd binaries.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Root of all kube-env caches; ARKONIS_CACHE_DIR overrides ~/.cache/arkonis. */
function cacheRoot(): string {
  return process.env['ARKONIS_CACHE_DIR'] ?? join(homedir(), '.cache', 'arkonis');
}

/** State dir of the control plane started by `npm run kube:up`. */
export function defaultStateDir(): string {
  return join(cacheRoot(), 'kube-env', 'state');
}

/**
 * Runs build.sh (a no-op when the cached binaries work) and resolves to the directory holding
 * etcd, kube-apiserver and kubectl. Build progress is forwarded to our stderr.
 */
export function ensureBinaries(): Promise<string> {
  return new Promise((resolve, reject) => {
    // build.sh reads ARKONIS_CACHE_DIR itself, so `npm run kube:build` uses the same cache.
    const child = spawn('bash', [join(here, 'build.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const dir = out.trim().split('\n').pop() ?? '';
      if (code === 0 && existsSync(join(dir, 'kube-apiserver'))) resolve(dir);
      else reject(new Error(`hack/kube-env/build.sh failed (exit ${code}); see the output above`));
    });
  });
}
