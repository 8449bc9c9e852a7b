// plan(observed) → the ArkService's status. readyReplicas counts only semantic readiness:
// pods of the target agent's queue that the readiness registry holds as ready with a live
// heartbeat (`eligiblePods`, the same test task routing applies). The Ready condition says
// why tasks can or cannot be served and what to do. Pure.
import type { ArkServiceStatus } from '../../api/index.js';
import { eligiblePods } from '../../core/routing.js';
import type { PodState } from '../../core/routing.js';
import { stamped } from '../agent/status.js';
import type { Condition } from '../agent/status.js';

/** The Ready reasons, in the order they are decided. */
export const READY_REASONS = ['ReconcileError', 'AgentNotFound', 'RegistryUnavailable', 'NoReadyReplicas', 'SomeReplicasReady', 'AllReplicasReady'] as const;
export type ReadyReason = (typeof READY_REASONS)[number];

export interface ServiceStatusInput {
  generation: number;
  now: number;
  previous: readonly Condition[];
  /** status.readyReplicas as last written (kept while the registry cannot be read). */
  previousReadyReplicas: number | undefined;
  /** spec.selector.arkAgent (empty when the spec could not be read). */
  agent: string;
  namespace: string;
  /** Set when the service cannot be reconciled (spec refused, Service refused by the apiserver). */
  reconcileError?: string;
  /** The target agent's desired replica count; undefined when the ArkAgent does not exist. */
  desiredReplicas: number | undefined;
  /** The pods of the agent's queue in the readiness registry, or why they could not be read. */
  pods: { ok: true; value: readonly PodState[] } | { ok: false; error: string };
}

export function planServiceStatus(input: ServiceStatusInput): ArkServiceStatus {
  const { ready, readyReplicas } = readiness(input);
  return { readyReplicas, observedGeneration: input.generation, conditions: [stamped(ready, input)] };
}

function readiness(input: ServiceStatusInput): { ready: Condition; readyReplicas: number } {
  const not = (reason: ReadyReason, message: string, readyReplicas = 0) => ({ ready: condition('False', reason, message), readyReplicas });
  if (input.reconcileError !== undefined) return not('ReconcileError', input.reconcileError);
  if (input.desiredReplicas === undefined) {
    return not('AgentNotFound', `spec.selector.arkAgent: ArkAgent "${input.agent}" not found in namespace "${input.namespace}"; fix: create it, or point spec.selector.arkAgent at an existing ArkAgent`);
  }
  if (!input.pods.ok) {
    const message = `the readiness registry (Redis) cannot be read: ${input.pods.error}; readyReplicas keeps its last value; fix: make the operator's --redis-url reachable`;
    return { ready: condition('Unknown', 'RegistryUnavailable', message), readyReplicas: input.previousReadyReplicas ?? 0 };
  }
  const ready = eligiblePods(input.pods.value, input.now).length;
  const desired = input.desiredReplicas;
  const counted = `${ready}/${desired} pods of ArkAgent "${input.agent}" ready`;
  if (ready === 0 && desired === 0) {
    return not('NoReadyReplicas', `ArkAgent "${input.agent}" is scaled to 0 replicas; tasks wait in its queue; fix: scale the agent up (spec.replicas), or wait for its daily budget to reset`);
  }
  if (ready === 0) {
    return not('NoReadyReplicas', `${counted}${notReady(input.pods.value, input.now, desired)}; tasks wait in its queue until a pod passes /readyz; fix: check the agent's pods and their /readyz (kubectl describe arkagent ${input.agent})`);
  }
  if (ready < desired) return { ready: condition('True', 'SomeReplicasReady', `${counted}${notReady(input.pods.value, input.now, desired)}; tasks go to the ready pods`), readyReplicas: ready };
  return { ready: condition('True', 'AllReplicasReady', counted), readyReplicas: ready };
}

function condition(status: Condition['status'], reason: ReadyReason, message: string): Condition {
  return { type: 'Ready', status, reason, message };
}

/**
 * ` (not ready: a; heartbeat expired: b; no heartbeat from 1 pod)`, naming at most a few pods
 * of each kind; the last part counts desired pods the registry does not hold (not started
 * yet, or gone and forgotten by the reaper).
 */
function notReady(pods: readonly PodState[], now: number, desired: number): string {
  const names = (list: readonly PodState[]) => list.map((pod) => pod.pod).sort().slice(0, 3).join(', ') + (list.length > 3 ? `, and ${list.length - 3} more` : '');
  const expired = pods.filter((pod) => pod.expiresAt <= now);
  const failing = pods.filter((pod) => pod.expiresAt > now && !pod.ready);
  const silent = desired - pods.length;
  const parts = [
    ...(failing.length ? [`not ready: ${names(failing)}`] : []), ...(expired.length ? [`heartbeat expired: ${names(expired)}`] : []),
    ...(silent > 0 ? [`no heartbeat from ${silent} pod${silent === 1 ? '' : 's'}`] : []),
  ];
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** The Event for a Ready condition whose reason changed: Warning when it is not True, Normal when it is. */
export function readinessEvent(before: readonly Condition[], after: Condition): { type: 'Normal' | 'Warning'; reason: string; message: string } | undefined {
  const previous = before.find((entry) => entry.type === after.type);
  if (previous?.reason === after.reason) return undefined;
  return { type: after.status === 'True' ? 'Normal' : 'Warning', reason: after.reason ?? after.type, message: after.message ?? '' };
}
