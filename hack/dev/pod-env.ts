// Resolves a container's environment the way the kubelet does, enough for local processes:
// literal `value`s (with $(VAR) expansion), valueFrom secretKeyRef / configMapKeyRef /
// fieldRef (metadata.name, metadata.namespace, status.podIP, status.hostIP), and envFrom
// secretRef / configMapRef. Anything else throws rather than running with a wrong env.
// Object data comes from a lookup (a snapshot of the namespace), so one pod costs no calls.

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
export type DataKind = 'secret' | 'configmap';
/** A ConfigMap's data or a Secret's decoded data in the pod's namespace; undefined when missing. */
export type DataLookup = (kind: DataKind, name: string) => Readonly<Record<string, string>> | undefined;

/** Resolves `envFrom` then `env` (later entries win, as in a pod). Missing non-optional refs throw. */
export function resolveEnvWith(
  lookup: DataLookup,
  pod: PodIdentity,
  env: readonly EnvVar[] = [],
  envFrom: readonly EnvFromSource[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of envFrom) {
    const ref = source.secretRef ?? source.configMapRef;
    if (ref === undefined) continue;
    const data = readData(lookup, pod.namespace, source.secretRef ? 'secret' : 'configmap', ref);
    for (const [k, v] of Object.entries(data)) out[`${source.prefix ?? ''}${k}`] = v;
  }
  for (const v of env) {
    const resolved = resolveOne(lookup, pod, v, out);
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

function resolveOne(lookup: DataLookup, pod: PodIdentity, v: EnvVar, seen: Record<string, string>): string | undefined {
  if (v.value !== undefined) return expandVars(v.value, seen);
  const from = v.valueFrom;
  if (from === undefined) return ''; // neither value nor valueFrom: set, empty
  if (from.fieldRef) return fieldValue(v.name, pod, from.fieldRef.fieldPath);
  const ref = from.secretKeyRef ?? from.configMapKeyRef;
  if (ref === undefined) {
    const kinds = Object.keys(from).join(', ') || 'nothing';
    throw new Error(`env ${v.name}: valueFrom ${kinds} is not supported by the kubelet stand-in (use secretKeyRef, configMapKeyRef or fieldRef)`);
  }
  const value = readData(lookup, pod.namespace, from.secretKeyRef ? 'secret' : 'configmap', ref)[ref.key];
  if (value === undefined && ref.optional !== true) throw new Error(`env ${v.name}: key ${ref.key} not found in ${ref.name}`);
  return value;
}

function fieldValue(name: string, pod: PodIdentity, path: string): string {
  if (path === 'metadata.name') return pod.name;
  if (path === 'metadata.namespace') return pod.namespace;
  if (path === 'status.podIP' || path === 'status.hostIP') return '127.0.0.1';
  throw new Error(`env ${name}: fieldRef ${path} is not supported by the kubelet stand-in (metadata.name, metadata.namespace, status.podIP, status.hostIP are)`);
}

function readData(lookup: DataLookup, namespace: string, kind: DataKind, ref: { name: string; optional?: boolean }): Readonly<Record<string, string>> {
  const data = lookup(kind, ref.name);
  if (data !== undefined) return data;
  if (ref.optional === true) return {};
  throw new Error(`cannot read ${kind} ${namespace}/${ref.name}: not found; fix: create it, or mark the reference optional`);
}
