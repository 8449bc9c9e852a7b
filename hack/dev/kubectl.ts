// Runs the pinned kubectl against a given kubeconfig. Used by the kubelet stand-in and the
// dev stack, which run outside test workers (test/support/kube.ts wraps it for tests).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Which cluster, and where the matching kubectl lives. test/support's KubeEnv satisfies it. */
export interface KubeTarget {
  readonly kubeconfig: string;
  readonly binDir: string;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlOptions {
  /** Written to kubectl's stdin (for `-f -`). */
  readonly stdin?: string;
  /** Resolve with a non-zero exit code instead of rejecting. */
  readonly allowFailure?: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

/** Rejects on a non-zero exit (with kubectl's output) unless allowFailure is set. */
export function runKubectl(target: KubeTarget, args: readonly string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(target.binDir, 'kubectl'), args, {
      env: { ...process.env, KUBECONFIG: target.kubeconfig, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout, stderr };
      if (result.code === 0 || opts.allowFailure === true) resolve(result);
      else reject(new Error(`kubectl ${args.join(' ')} exited ${result.code}:\n${stderr}${stdout}`));
    });
    // kubectl may exit before reading its stdin (killed, or a flag error): the write then
    // fails with EPIPE, which its exit code already reports, so it must not crash the caller.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

/** `kubectl get … -o json` items; [] when a single named object is NotFound. */
export async function getItems<T>(target: KubeTarget, args: readonly string[]): Promise<T[]> {
  const res = await runKubectl(target, ['get', ...args, '-o', 'json'], { allowFailure: true });
  if (res.code !== 0) {
    if (/NotFound/.test(res.stderr)) return [];
    throw new Error(`kubectl get ${args.join(' ')}: ${res.stderr.trim()}`);
  }
  const parsed = JSON.parse(res.stdout) as { kind?: string; items?: T[] };
  return parsed.kind?.endsWith('List') === true ? (parsed.items ?? []) : [parsed as T];
}
