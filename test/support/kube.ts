// Access to the e2e tier's control plane from inside tests: its coordinates (provided by
// test/e2e/global-setup.ts) and the matching kubectl binary run with its kubeconfig.
import { inject } from 'vitest';
import { writeKubeconfig } from '../../hack/kube-env/kubeconfig.js';
import { runKubectl } from '../../hack/dev/kubectl.js';
import type { KubectlOptions, KubectlResult } from '../../hack/dev/kubectl.js';

/** Where the e2e control plane lives; one per `vitest run`. */
export interface KubeEnv {
  readonly kubeconfig: string;
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** PEM file of the cluster CA (the apiserver's serving cert chains to it). */
  readonly caFile: string;
  /** Holds kube-apiserver, etcd and kubectl of the pinned release. */
  readonly binDir: string;
  readonly stateDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeEnv: KubeEnv;
  }
}

export function kubeEnv(): KubeEnv {
  return inject('kubeEnv');
}

export type { KubectlOptions, KubectlResult };

/** Runs the pinned kubectl against the e2e control plane. Rejects on non-zero exit unless allowed. */
export function kubectl(args: readonly string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  return kubectlWith(kubeEnv(), args, opts);
}

/** Like kubectl, for code that is handed a KubeEnv instead of running inside a test worker. */
export function kubectlWith(env: KubeEnv, args: readonly string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  return runKubectl(env, args, opts);
}

/** `kubectl ... -o json`, parsed. */
export async function kubectlJson<T = unknown>(args: readonly string[]): Promise<T> {
  const { stdout } = await kubectl([...args, '-o', 'json']);
  return JSON.parse(stdout) as T;
}

/**
 * Writes a kubeconfig that authenticates with `token` only (no client cert), so requests are
 * made as the token's subject, e.g. a service account from `kubectl create token`.
 */
export async function writeTokenKubeconfig(path: string, token: string): Promise<string> {
  const env = kubeEnv();
  await writeKubeconfig(path, env.server, env.caFile, { name: 'token', token });
  return path;
}
