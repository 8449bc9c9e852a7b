// The ArkService controller: the thin, I/O half of `plan(observed) → desired`. One
// reconcile applies (or deletes) the Service the ArkService owns, reads the target agent's
// pods from the readiness registry, and writes the status. The registry lives in Redis and
// is not watched, so every service is re-read every SERVICE_RESYNC_MS; a change to the
// target ArkAgent or to the owned Service re-queues it at once. A registry that cannot be
// read is a RegistryUnavailable condition and a retry with backoff, never a crash loop.
import type { ArkServiceSpec } from '../../api/index.js';
import type { Clock } from '../../engine/clock.js';
import type { Applier } from '../../kube/apply.js';
import { apiStatus, statusCode } from '../../kube/client.js';
import type { RecordEvent } from '../../kube/events.js';
import { errorMessage } from '../../core/errors.js';
import { jsonEqual } from '../../core/json-equal.js';
import type { PodState } from '../../core/routing.js';
import { queueOfAgent } from '../../queue/names.js';
import type { Informers, Kind } from '../informers.js';
import { RetryableError } from '../result.js';
import type { ReconcileResult } from '../result.js';
import type { CachedService } from './cache.js';
import { planService, servicePortName } from './service.js';
import { planServiceStatus, readinessEvent } from './status.js';
import type { ServiceStatusInput } from './status.js';

export interface ServiceControllerDeps {
  informers: Informers;
  applier: Applier;
  clock: Clock;
  /** The readiness registry's read side (src/queue/readiness.ts). */
  readiness: { pods(queue: string): Promise<PodState[]> };
  recordEvent?: RecordEvent;
}

/** How often a service re-reads the readiness registry (it is not watched). */
export const SERVICE_RESYNC_MS = 5_000;

export async function reconcileService(deps: ServiceControllerDeps, namespace: string, name: string): Promise<ReconcileResult | void> {
  const service = deps.informers.services.get(namespace, name);
  if (!service) return; // deleted: its Service goes with the owner reference
  const base = { generation: service.generation, now: deps.clock.now(), previous: service.conditions, previousReadyReplicas: service.readyReplicas, namespace };
  if (!service.spec.ok) {
    // Settled until the object changes: nothing to retry.
    await writeStatus(deps, service, { ...base, agent: '', reconcileError: service.spec.problem, desiredReplicas: undefined, pods: { ok: true, value: [] } });
    return;
  }
  const spec = service.spec.value;
  const refused = await reconcileOwnedService(deps, service, spec);
  const agent = deps.informers.agents.get(namespace, spec.selector.arkAgent);
  const pods = agent ? await readPods(deps, queueOfAgent(namespace, agent.name, agent.labels)) : { ok: true as const, value: [] };
  const desiredReplicas = agent === undefined ? undefined
    : !agent.spec.ok || agent.conditions.some((c) => c.type === 'BudgetExceeded' && c.status === 'True') ? 0 : agent.spec.value.replicas;
  await writeStatus(deps, service, { ...base, agent: spec.selector.arkAgent, desiredReplicas, pods, ...(refused !== undefined ? { reconcileError: refused } : {}) });
  if (!pods.ok) throw new RetryableError(`readiness registry unavailable: ${pods.error}`);
  return { requeueAfter: SERVICE_RESYNC_MS };
}

/** The ArkServices to reconcile after a change to a cached object. */
export function serviceKeysFor(informers: Informers, kind: Kind, namespace: string, name: string): string[] {
  if (kind === 'ArkService') return [`${namespace}/${name}`];
  if (kind === 'Service') {
    const owner = informers.ownedServices.get(namespace, name)?.owner ?? name;
    return informers.services.has(namespace, owner) ? [`${namespace}/${owner}`] : [];
  }
  if (kind !== 'ArkAgent') return [];
  return informers.services.list(namespace)
    .filter((service) => service.spec.ok && service.spec.value.selector.arkAgent === name)
    .map((service) => `${namespace}/${service.name}`);
}

/**
 * Applies the planned Service, or deletes the one it owns when the spec exposes no port.
 * → the apiserver's reason when it refuses the Service (a condition, not a retry).
 */
async function reconcileOwnedService(deps: ServiceControllerDeps, service: CachedService, spec: ArkServiceSpec): Promise<string | undefined> {
  const { namespace, name } = service;
  const desired = planService(service, spec);
  const owned = deps.informers.ownedServices.get(namespace, name)?.owner === name;
  const regarding = { kind: 'ArkService', namespace, name, uid: service.uid };
  if (desired === undefined) {
    if (!owned) return undefined;
    await deps.applier.deleteService(namespace, name);
    deps.recordEvent?.(regarding, 'Normal', 'ServiceDeleted', `spec.ports is empty: Service ${name} deleted`);
    return undefined;
  }
  if (!owned) {
    const foreign = await foreignService(deps, namespace, name);
    if (foreign !== undefined) return foreign;
  }
  try {
    await deps.applier.apply(desired);
  } catch (error) {
    const code = statusCode(error);
    if (code === undefined || code === 409 || code === 429 || code >= 500) throw error;
    return `Service ${name} refused by kube-apiserver (${code}): ${apiStatus(error).message ?? errorMessage(error)}; fix: correct spec.ports`;
  }
  if (!owned) deps.recordEvent?.(regarding, 'Normal', 'ServiceCreated', `Service ${name} created with ports ${(spec.ports ?? []).map(servicePortName).join(', ')}`);
  return undefined;
}

/** A Service of that name that this ArkService does not control is never taken over. */
async function foreignService(deps: ServiceControllerDeps, namespace: string, name: string): Promise<string | undefined> {
  try {
    const existing = await deps.applier.core.readNamespacedService({ namespace, name });
    const controller = existing.metadata?.ownerReferences?.find((ref) => ref.controller === true);
    if (controller?.kind === 'ArkService' && controller.name === name) return undefined; // ours; the cache has not seen it yet
    const by = controller ? `${controller.kind} ${controller.name}` : 'no ArkService';
    return `Service ${name} already exists in namespace ${namespace}, controlled by ${by}; fix: delete or rename that Service, or rename the ArkService`;
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
}

async function readPods(deps: ServiceControllerDeps, queue: string): Promise<ServiceStatusInput['pods']> {
  try {
    return { ok: true, value: await deps.readiness.pods(queue) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/**
 * Writes the planned status, and an Event when the Ready reason changed. A status equal to
 * the stored one is not written: the registry is re-read every SERVICE_RESYNC_MS, and most
 * re-reads change nothing.
 */
async function writeStatus(deps: ServiceControllerDeps, service: CachedService, input: ServiceStatusInput): Promise<void> {
  const status = planServiceStatus(input);
  if (jsonEqual(status, service.status)) return;
  await deps.applier.applyStatus({ kind: 'ArkService', plural: 'arkservices', namespace: service.namespace, name: service.name }, status);
  const ready = status.conditions?.[0];
  const event = ready ? readinessEvent(service.conditions, ready) : undefined;
  if (event) deps.recordEvent?.({ kind: 'ArkService', namespace: service.namespace, name: service.name, uid: service.uid }, event.type, event.reason, event.message);
}
