// The kubelet stand-in's env resolution (hack/dev/pod-env.ts), for tests handed a KubeEnv.
import type { KubeEnv } from './kube.js';
import { lookupIn, readSnapshot } from '../../hack/dev/snapshot.js';
import { resolveEnvWith } from '../../hack/dev/pod-env.js';
import type { EnvFromSource, EnvVar, PodIdentity } from '../../hack/dev/pod-env.js';

export type { EnvFromSource, EnvVar, PodIdentity };
export { expandVars } from '../../hack/dev/pod-env.js';

/** Resolves `envFrom` then `env` against the namespace's current ConfigMaps and Secrets. */
export async function resolveEnv(kube: KubeEnv, pod: PodIdentity, env: readonly EnvVar[] = [], envFrom: readonly EnvFromSource[] = []): Promise<Record<string, string>> {
  return resolveEnvWith(lookupIn(await readSnapshot(kube, pod.namespace)), pod, env, envFrom);
}
