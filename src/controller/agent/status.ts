// plan(observed) → the ArkAgent's status: the Ready condition (AllReplicasReady /
// Progressing / PromptResolutionError / ReconcileError), BudgetExceeded (DailyLimitReached)
// and the usage figures. Pure; a condition keeps its lastTransitionTime while its status holds.
import { DEFAULT_PROMPT_KEY } from '../../api/index.js';
import type { ArkAgentSpec, ArkAgentStatus } from '../../api/index.js';
import { selectorString } from './labels.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** The keys of a ConfigMap or Secret, or undefined when it does not exist. */
export type KeysOf = (kind: 'ConfigMap' | 'Secret', name: string) => readonly string[] | undefined;

/** Why the system prompt cannot be read, naming the object, key and fix; undefined when it can. */
export function promptProblem(spec: ArkAgentSpec, keysOf: KeysOf): string | undefined {
  const ref = spec.systemPromptRef;
  if (ref?.fileRef) {
    // A prompt file sits next to the YAML and only `ark run` reads it; a pod has no such file.
    return `spec.systemPromptRef.fileRef.path: "${ref.fileRef.path}" is a local file that only ark run reads; in a cluster, fix: kubectl create configmap <name> --from-file=${DEFAULT_PROMPT_KEY}=${ref.fileRef.path} and set spec.systemPromptRef.configMapKeyRef.name to it`;
  }
  const selected = ref?.configMapKeyRef ? { kind: 'ConfigMap' as const, field: 'configMapKeyRef', ...ref.configMapKeyRef }
    : ref?.secretKeyRef ? { kind: 'Secret' as const, field: 'secretKeyRef', ...ref.secretKeyRef } : undefined;
  if (!selected) return undefined;
  const key = selected.key ?? DEFAULT_PROMPT_KEY;
  const keys = keysOf(selected.kind, selected.name);
  const field = `spec.systemPromptRef.${selected.field}`;
  if (keys === undefined) return `${field}.name: ${selected.kind} "${selected.name}" not found; fix: create it with key "${key}"`;
  if (!keys.includes(key)) {
    return `${field}.key: ${selected.kind} "${selected.name}" has no key "${key}" (has ${keys.join(', ') || 'none'}); fix: add the key or point ${field}.key at one of them`;
  }
  return undefined;
}

/** A spent daily budget: who spent it and when the window frees. */
export interface BudgetVerdict {
  exceeded: boolean;
  message?: string;
  resetsAt: number;
}

export interface BudgetInput {
  now: number;
  /** End of the current daily window (epoch ms). */
  resetsAt: number;
  agentUsed: number;
  agentLimit?: number;
  team?: { name: string; used: number; limit?: number };
}

export function budgetVerdict(input: BudgetInput): BudgetVerdict {
  const reset = new Date(input.resetsAt).toISOString();
  if (input.agentLimit !== undefined && input.agentUsed >= input.agentLimit) {
    return { exceeded: true, resetsAt: input.resetsAt, message: `spec.limits.maxDailyTokens ${input.agentLimit} spent (${input.agentUsed} used today); scaled to 0 until ${reset}` };
  }
  const team = input.team;
  if (team?.limit !== undefined && team.used >= team.limit) {
    return { exceeded: true, resetsAt: input.resetsAt, message: `ArkTeam ${team.name} spec.limits.maxDailyTokens ${team.limit} spent (${team.used} used today); scaled to 0 until ${reset}` };
  }
  return { exceeded: false, resetsAt: input.resetsAt };
}

export interface StatusInput {
  generation: number;
  spec: ArkAgentSpec;
  name: string;
  now: number;
  previous: readonly Condition[];
  deployment?: { replicas: number; readyReplicas: number };
  /** Set when the object cannot be reconciled at all (spec invalid, apply failed). */
  reconcileError?: string;
  promptError?: string;
  budget: BudgetVerdict;
  agentUsed: number;
}

export function planAgentStatus(input: StatusInput): ArkAgentStatus {
  const ready = readyCondition(input);
  const budget: Condition = input.budget.exceeded
    ? { type: 'BudgetExceeded', status: 'True', reason: 'DailyLimitReached', message: input.budget.message }
    : { type: 'BudgetExceeded', status: 'False', reason: 'WithinLimit', message: 'the daily token budget has room' };
  return {
    replicas: input.deployment?.replicas ?? 0,
    readyReplicas: input.deployment?.readyReplicas ?? 0,
    selector: selectorString(input.name),
    observedGeneration: input.generation,
    dailyTokenUsage: { input: 0, output: 0, total: input.agentUsed },
    budgetResetsAt: new Date(input.budget.resetsAt).toISOString(),
    conditions: [ready, budget].map((condition) => stamped(condition, input)),
  };
}

function readyCondition(input: StatusInput): Condition {
  if (input.reconcileError) return { type: 'Ready', status: 'False', reason: 'ReconcileError', message: input.reconcileError };
  if (input.promptError) return { type: 'Ready', status: 'False', reason: 'PromptResolutionError', message: input.promptError };
  const desired = input.budget.exceeded ? 0 : input.spec.replicas;
  const ready = input.deployment?.readyReplicas ?? 0;
  if (input.deployment && ready >= desired && input.deployment.replicas === desired) {
    return { type: 'Ready', status: 'True', reason: 'AllReplicasReady', message: `${ready}/${desired} replicas ready` };
  }
  return { type: 'Ready', status: 'False', reason: 'Progressing', message: `${ready}/${desired} replicas ready` };
}

/** Adds observedGeneration and keeps the previous lastTransitionTime when the status did not change. */
export function stamped(condition: Condition, input: { generation: number; now: number; previous: readonly Condition[] }): Condition {
  const before = input.previous.find((entry) => entry.type === condition.type);
  const lastTransitionTime = before?.status === condition.status && before.lastTransitionTime
    ? before.lastTransitionTime : new Date(input.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { ...condition, lastTransitionTime, observedGeneration: input.generation };
}
