// Resolves a container's environment the way the kubelet does, enough for local processes:
// literal `value`s (with $(VAR) expansion), valueFrom secretKeyRef / configMapKeyRef /
// fieldRef (metadata.name, metadata.namespace, status.podIP, status.hostIP), and envFrom
// secretRef / configMapRef. Anything else throws rather than running with a wrong env.
import type { KubeEnv } from './kube.js';
import { kubectlWith } from './kube.js';

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: KeyRef;
    readonly configMapKeyRef?: KeyRef;
    readonly fieldRef?: { readonly fieldPath: string };
  };
}
interface KeyRef {
  readonly name: string;
  readonly key: string;
  readonly optional?: boolean;
}
export interface EnvFromSource {
  readonly prefix?: string;
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
}
export interface PodIdentity {
  readonly name: string;
  readonly namespace: string;
}

/** Resolves `envFrom` then `env` (later entries win, as in a pod). Missing non-optional refs throw. */
export async function resolveEnv(
  kube: KubeEnv,
  pod: PodIdentity,
  env: readonly EnvVar[] = [],
  envFrom: readonly EnvFromSource[] = [],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const source of envFrom) {
    const ref = source.secretRef ?? source.configMapRef;
    if (ref === undefined) continue;
    const data = await readData(kube, pod.namespace, source.secretRef ? 'secret' : 'configmap', ref.name, ref.optional);
    for (const [k, v] of Object.entries(data)) out[`${source.prefix ?? ''}${k}`] = v;
  }
  for (const v of env) {
    const resolved = await resolveOne(kube, pod, v, out);
    if (resolved !== undefined) out[v.name] = resolved;
  }
  return out;
}

/**
 * Kubernetes' `$(VAR)` expansion, used for env values and for command and args: a defined
 * variable is replaced, an undefined reference stays as written, and `$$` stands for `$`.
 */
export function expandVars(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([^)]*)\)/g, (match, name?: string) => (name === undefined ? '$' : (vars[name] ?? match)));
}

async function resolveOne(kube: KubeEnv, pod: PodIdentity, v: EnvVar, seen: Record<string, string>): Promise<string | undefined> {
  if (v.value !== undefined) return expandVars(v.value, seen);
  const from = v.valueFrom;
  if (from === undefined) return ''; // neither value nor valueFrom: set, empty
  if (from.fieldRef) return fieldValue(v.name, pod, from.fieldRef.fieldPath);
  const ref = from.secretKeyRef ?? from.configMapKeyRef;
  if (ref === undefined) {
    const kinds = Object.keys(from).join(', ') || 'nothing';
    throw new Error(`env ${v.name}: valueFrom ${kinds} is not supported by the test kubelet (use secretKeyRef, configMapKeyRef or fieldRef)`);
  }
  const data = await readData(kube, pod.namespace, from.secretKeyRef ? 'secret' : 'configmap', ref.name, ref.optional);
  const value = data[ref.key];
  if (value === undefined && ref.optional !== true) throw new Error(`env ${v.name}: key ${ref.key} not found in ${ref.name}`);
  return value;
}

function fieldValue(name: string, pod: PodIdentity, path: string): string {
  if (path === 'metadata.name') return pod.name;
  if (path === 'metadata.namespace') return pod.namespace;
  if (path === 'status.podIP' || path === 'status.hostIP') return '127.0.0.1';
  throw new Error(`env ${name}: fieldRef ${path} is not supported by the test kubelet (metadata.name, metadata.namespace, status.podIP, status.hostIP are)`);
}

/** A Secret's data (base64-decoded) or a ConfigMap's data; {} when optional and missing. */
async function readData(
  kube: KubeEnv,
  namespace: string,
  kind: 'secret' | 'configmap',
  name: string,
  optional = false,
): Promise<Record<string, string>> {
  const res = await kubectlWith(kube, ['get', kind, name, '-n', namespace, '-o', 'json'], { allowFailure: true });
  if (res.code !== 0) {
    if (optional && /NotFound/.test(res.stderr)) return {};
    throw new Error(`cannot read ${kind} ${namespace}/${name}: ${res.stderr.trim()}`);
  }
  const obj = JSON.parse(res.stdout) as { data?: Record<string, string> };
  const data = obj.data ?? {};
  if (kind === 'configmap') return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}
