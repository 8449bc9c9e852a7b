// Every queue, Redis key and stream name is built here (and only here). The keys of one
// queue carry the queue name as a hash tag (`{…}`), so in Redis Cluster they share one slot
// and the queue's Lua scripts may touch them together. Kubernetes names contain no braces.
import { ROLE_LABEL, TEAM_LABEL } from '../controller/agent/labels.js';

/** A team role's queue: `<namespace>.<team>.<role>` (teams are isolated from each other). */
export function teamRoleQueue(namespace: string, team: string, role: string): string {
  return `${namespace}.${team}.${role}`;
}

/** What every ARKONIS key starts with in a shared Redis; tests pass a unique prefix. */
export const DEFAULT_KEY_PREFIX = 'arkonis';

/** A standalone agent's queue: `<namespace>.<agent>`. */
export function agentQueue(namespace: string, agent: string): string {
  return `${namespace}.${agent}`;
}

/**
 * The queue an ArkAgent's runtimes consume, from the agent's labels (contract C1): a team
 * role's agent (labelled `arkonis.dev/team`, and `arkonis.dev/role` or its own name as the
 * role) reads its role's queue, any other agent its own. Task routing (the aggregated API)
 * and the ArkService controller's ready-pod count both use this one function.
 */
export function queueOfAgent(namespace: string, agent: string, labels: Readonly<Record<string, string>>): string {
  const team = labels[TEAM_LABEL];
  return team !== undefined ? teamRoleQueue(namespace, team, labels[ROLE_LABEL] ?? agent) : agentQueue(namespace, agent);
}

/** The queue only one pod consumes: tasks routed to that pod (ArkService routing). */
export function podQueue(queue: string, pod: string): string {
  return `${queue}@${pod}`;
}

/** The Redis keys of one queue; all in the queue's hash slot. */
export interface QueueKeys {
  /** The stream of tasks, consumed by one consumer group. */
  stream: string;
  /** Hash task id → stream entry id of every task accepted and not yet finished. */
  live: string;
  /** The dead-letter stream: tasks that failed every delivery, and malformed entries. */
  dead: string;
}

/**
 * A pod queue (`<queue>@<pod>`) is tagged with its shared queue, so the tasks of a dead pod
 * can move back to the shared queue in one script.
 */
export function queueKeys(queue: string): QueueKeys {
  const { tag, pod } = slotOf(queue);
  return { stream: `${tag}:tasks${pod}`, live: `${tag}:live${pod}`, dead: `${tag}:dead${pod}` };
}

/**
 * A task's recorded result, in the slot of the queue it was enqueued on (a pod queue's
 * shared queue), so the one script that records a result also acknowledges the entry:
 * a task is never acknowledged without its result. Reading it needs that queue's name.
 */
export function resultKey(queue: string, taskId: string): string {
  return `${slotOf(queue).tag}:result:${taskId}`;
}

/** The hash tag of a queue's keys (its shared queue's name) and the pod suffix of a pod queue. */
function slotOf(queue: string): { tag: string; pod: string } {
  const at = queue.indexOf('@');
  const base = at < 0 ? queue : queue.slice(0, at);
  return { tag: `${DEFAULT_KEY_PREFIX}:{${base}}`, pod: at < 0 ? '' : queue.slice(at) };
}

/** The consumer group every runtime of a queue joins. */
export const CONSUMER_GROUP = 'agents';

/** Channel announcing "task <id> has a result" to every process waiting for results. */
export const RESULTS_CHANNEL = `${DEFAULT_KEY_PREFIX}:results`;
/** Channel telling every worker "abort task <id>". */
export const CANCEL_CHANNEL = `${DEFAULT_KEY_PREFIX}:cancel`;

/** A run's event stream (the run log). */
export function runLogKey(runId: string): string {
  return `${DEFAULT_KEY_PREFIX}:{run:${runId}}:log`;
}

/** A run's stored state (run fields and steps), beside its log in the run's slot. */
export function runStateKey(runId: string): string {
  return `${DEFAULT_KEY_PREFIX}:{run:${runId}}:state`;
}

/** The names of a run's saved steps, in the order they were first saved. */
export function runStepsKey(runId: string): string {
  return `${DEFAULT_KEY_PREFIX}:{run:${runId}}:steps`;
}

/**
 * An output too large for ArkRun status, stored once; the key is the outputRef. `step`
 * is the step's name, or undefined for the run's own output.
 */
export function outputKey(runId: string, step?: string): string {
  return `${DEFAULT_KEY_PREFIX}:{run:${runId}}:output${step === undefined ? '' : `:step:${step}`}`;
}

/** Hash pod → heartbeat (readiness, active tasks, expiry) of a queue's runtimes. */
export function readinessKey(queue: string): string {
  return `${DEFAULT_KEY_PREFIX}:{${queue}}:pods`;
}

/**
 * The hash holding one budget window's token counters, e.g. `arkonis:{usage}:daily:2026-12-01`.
 * The `{usage}` hash tag keeps every window in one Redis Cluster slot, so one MULTI can
 * update the day, week and month together.
 */
export function usageCountersKey(prefix: string, period: string, windowId: string): string {
  return `${prefix}:{usage}:${period}:${windowId}`;
}

/** A counter inside a window hash: `<namespace>/namespace`, `<namespace>/team/<name>`, `<namespace>/agent/<name>`. */
export function usageCounterField(namespace: string, kind: 'namespace' | 'team' | 'agent', name?: string): string {
  return kind === 'namespace' ? `${namespace}/namespace` : `${namespace}/${kind}/${name ?? ''}`;
}

/** What the aggregated API recorded of a task it accepted (namespace, target, prompt, time). */
export function taskRecordKey(taskId: string): string {
  return `${DEFAULT_KEY_PREFIX}:{${taskId}}:record`;
}

/** When a runtime first claimed a task the aggregated API accepted (epoch ms), beside its record. */
export function taskClaimKey(taskId: string): string {
  return `${DEFAULT_KEY_PREFIX}:{${taskId}}:claimed`;
}
