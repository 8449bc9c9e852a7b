// ConfigMap and Secret volumes of a local replica, materialized the way the kubelet does it:
// each mount is a directory whose keys are symlinks into `..data`, itself a symlink to a
// timestamped directory. An update writes a new directory and swaps `..data` with one
// rename, so a reader sees the old files or the new ones, never half a file.
import { mkdir, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataKind } from './pod-env.js';
import type { Snapshot } from './snapshot.js';

export interface Volume {
  readonly name: string;
  readonly configMap?: { readonly name: string; readonly optional?: boolean };
  readonly secret?: { readonly secretName: string; readonly optional?: boolean };
}
export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
}

/** One ConfigMap/Secret mount: which object, and where under the replica's root it lives. */
export interface ObjectMount {
  readonly kind: DataKind;
  readonly object: string;
  readonly optional: boolean;
  /** Absolute local directory standing for the container's mountPath. */
  readonly dir: string;
}

/** The container's ConfigMap/Secret mounts, each placed at `<root><mountPath>`. Other volume types are skipped. */
export function objectMounts(root: string, volumes: readonly Volume[] = [], mounts: readonly VolumeMount[] = []): ObjectMount[] {
  return mounts.flatMap<ObjectMount>((m) => {
    const v = volumes.find((vol) => vol.name === m.name);
    const dir = join(root, m.mountPath);
    if (v?.configMap) return [{ kind: 'configmap' as const, object: v.configMap.name, optional: v.configMap.optional === true, dir }];
    if (v?.secret) return [{ kind: 'secret' as const, object: v.secret.secretName, optional: v.secret.optional === true, dir }];
    return [];
  });
}

/**
 * Brings `mount.dir` to the object's current data; returns false when nothing changed.
 * `last` is the data last written (compared so an unchanged object costs no writes).
 * A missing non-optional object throws, like a pod stuck in ContainerCreating.
 */
export async function syncMount(mount: ObjectMount, snapshot: Snapshot, last: string | undefined): Promise<string> {
  const data = snapshot.get(`${mount.kind}/${mount.object}`);
  if (data === undefined && !mount.optional) {
    throw new Error(`${mount.kind} ${mount.object} is not found; fix: create it (the pod waits for it, as on a real node)`);
  }
  const text = JSON.stringify(data ?? {});
  if (text === last) return text;
  await writeAtomically(mount.dir, data ?? {});
  return text;
}

async function writeAtomically(dir: string, data: Readonly<Record<string, string>>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const stamp = `..${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  await mkdir(join(dir, stamp));
  for (const [key, value] of Object.entries(data)) await writeFile(join(dir, stamp, key), value);
  const previous = await readlink(join(dir, '..data')).catch(() => undefined);
  await symlink(stamp, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  for (const entry of await readdir(dir)) {
    if (!entry.startsWith('..') && !(entry in data)) await rm(join(dir, entry), { force: true });
  }
  for (const key of Object.keys(data)) {
    await symlink(join('..data', key), join(dir, key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
  if (previous !== undefined && previous !== stamp) await rm(join(dir, previous), { recursive: true, force: true });
}
