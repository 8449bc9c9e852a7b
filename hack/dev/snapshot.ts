// The ConfigMaps and Secrets of one namespace, read in one call, for env resolution and the
// volumes the kubelet stand-in materializes. Secret data is decoded from base64.
import type { KubeTarget } from './kubectl.js';
import { getItems } from './kubectl.js';
import type { DataKind, DataLookup } from './pod-env.js';

interface DataObject {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly data?: Readonly<Record<string, string>>;
}

export type Snapshot = ReadonlyMap<string, Readonly<Record<string, string>>>;

export async function readSnapshot(kube: KubeTarget, namespace: string): Promise<Snapshot> {
  const items = await getItems<DataObject>(kube, ['configmaps,secrets', '-n', namespace]);
  const out = new Map<string, Record<string, string>>();
  for (const item of items) {
    const kind: DataKind = item.kind === 'Secret' ? 'secret' : 'configmap';
    const data = item.data ?? {};
    const decoded = kind === 'secret' ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : { ...data };
    out.set(`${kind}/${item.metadata.name}`, decoded);
  }
  return out;
}

export function lookupIn(snapshot: Snapshot): DataLookup {
  return (kind, name) => snapshot.get(`${kind}/${name}`);
}
