// The apiserver side of the run controller: the ArkRun cache entry (only the fields read,
// no managedFields), status writes through the status subresource (JSON merge patch), and
// clearing a handled cancel request. Errors carry the HTTP status for retry decisions.
import { PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import { arkTeamSpec, GROUP, KINDS, RUN_PHASES, VERSION, type ArkRunStatus, type ArkTeamSpec, type RunPhase } from '../../api/index.js';
import { defaultTeamSpec } from '../../core/index.js';
import { RUN_ANNOTATION_KEYS, RUN_ANNOTATIONS } from '../../core/run-requests.js';
import type { KubeClients } from '../../kube/client.js';
import type { ListPage } from '../../kube/reflector.js';
import { statusCode } from '../../kube/client.js';
import { statusPatch } from './status.js';

export interface CachedRun {
  namespace: string;
  name: string;
  uid?: string;
  generation?: number;
  /** Only the arkonis.dev run-request annotations. */
  annotations: Record<string, string>;
  spec: unknown;
  phase?: RunPhase;
  observedRetry?: string;
}

export function toCachedRun(object: KubernetesObject): CachedRun {
  const { namespace = '', name = '', uid, generation, annotations = {} } = object.metadata ?? {};
  const status = (object as { status?: { phase?: unknown; observedRetry?: unknown } }).status;
  const run: CachedRun = { namespace, name, annotations: {}, spec: (object as { spec?: unknown }).spec };
  for (const key of RUN_ANNOTATION_KEYS) if (annotations[key] !== undefined) run.annotations[key] = annotations[key];
  if (uid !== undefined) run.uid = uid;
  if (generation !== undefined) run.generation = generation;
  if (typeof status?.phase === 'string' && (RUN_PHASES as readonly string[]).includes(status.phase)) run.phase = status.phase as RunPhase;
  if (typeof status?.observedRetry === 'string') run.observedRetry = status.observedRetry;
  return run;
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const target = (namespace: string, name: string) => ({ group: GROUP, version: VERSION, namespace, plural: KINDS.ArkRun.plural, name });

export async function writeRunStatus(clients: KubeClients, key: { namespace: string; name: string }, status: ArkRunStatus): Promise<void> {
  await clients.custom.patchNamespacedCustomObjectStatus({ ...target(key.namespace, key.name), body: statusPatch(status) }, mergePatch);
}

/** A retry clears an earlier cancel request, so the retried run is not cancelled again. */
export async function clearCancelRequest(clients: KubeClients, key: { namespace: string; name: string }): Promise<void> {
  const annotations = { [RUN_ANNOTATIONS.cancelRequested]: null, [RUN_ANNOTATIONS.cancelRequestedBy]: null };
  await clients.custom.patchNamespacedCustomObject({ ...target(key.namespace, key.name), body: { metadata: { annotations } } }, mergePatch);
}

export function listRuns(clients: KubeClients, page: ListPage): Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string; continue?: string } }> {
  return clients.custom.listCustomObjectForAllNamespaces({ group: GROUP, version: VERSION, plural: KINDS.ArkRun.plural, ...page }) as Promise<{ items: KubernetesObject[] }>;
}

/** 404: the ArkRun is gone; no retry of a status write can land. */
export function isGone(error: unknown): boolean {
  return statusCode(error) === 404;
}

export const RUNS_PATH = `/apis/${GROUP}/${VERSION}/${KINDS.ArkRun.plural}`;

/** An `arkTeam:` role's team, read when its task starts; undefined when missing or invalid. */
export async function readTeamSpec(clients: KubeClients, namespace: string, name: string): Promise<ArkTeamSpec | undefined> {
  try {
    const object = await clients.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: KINDS.ArkTeam.plural, name }) as { spec?: unknown };
    const parsed = arkTeamSpec.safeParse(object.spec);
    return parsed.success ? defaultTeamSpec(parsed.data) : undefined;
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
}
