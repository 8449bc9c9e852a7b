// What the queue bench's submitter (queue.ts) and its consumer processes (queue-consumer.ts)
// share: the agent handler every queue runs, the task shape and the submit timestamp that
// the consumer turns into a submit→start latency.
import { systemClock } from '../../src/engine/clock.js';
import { discardEvents } from '../../src/engine/events.js';
import type { AgentTask, TaskOutcome } from '../../src/engine/ports.js';
import { createProvider } from '../../src/providers/index.js';
import { runAgentTask, type AgentConfig } from '../../src/runtime/agent-loop.js';

export const TASKS = 10_000;
export const CONCURRENCY = 50;

/** `signal`: the queue's cancellation signal of the task, as the runtime passes it on; a fresh one where the queue has none. */
export type Handler = (task: AgentTask, signal?: AbortSignal) => Promise<TaskOutcome>;

/** The runtime's agent loop over the zero-delay mock provider. */
export async function agentHandler(): Promise<Handler> {
  const agent: AgentConfig = {
    name: 'bench', model: 'mock', provider: await createProvider('mock', {}), systemPrompt: 'You summarise.', tools: [],
    maxTokensPerCall: 100, timeoutSeconds: 60, maxToolTurns: 1,
  };
  const context = { events: discardEvents, clock: systemClock, worker: 'bench' };
  return (task, signal) => runAgentTask(agent, task, signal ?? new AbortController().signal, context);
}

let sequence = 0;
/**
 * A task of `prefix`; `stamped` puts the submit time (process.hrtime, one monotonic clock
 * for every process of the machine) into its inputs for the consumer to measure against.
 */
export function benchTask(prefix: string, stamped = false): AgentTask {
  const id = `${prefix}/${++sequence}`;
  const inputs: Record<string, string> = stamped ? { submittedAt: process.hrtime.bigint().toString() } : {};
  return { id, runId: prefix, step: 's', role: 'r', kind: 'step', prompt: `summarise item ${sequence}`, inputs };
}

/** Milliseconds since a stamped task was submitted, or undefined for an unstamped one. */
export function sinceSubmitted(task: AgentTask): number | undefined {
  const stamp = task.inputs.submittedAt;
  return stamp === undefined ? undefined : Number(process.hrtime.bigint() - BigInt(stamp)) / 1e6;
}

/** What the bench parent tells a consumer process to run (its argv[2], as JSON). */
export interface ConsumerJob {
  kind: 'ours' | 'bull' | 'bare';
  url: string;
  queue: string;
  /** For the bare loop, which has no results: report `done` after this many acknowledgements. */
  expected?: number;
}

/** Messages a consumer process sends its parent. */
export type ConsumerMessage =
  | { type: 'ready' }
  | { type: 'done' }
  | { type: 'stopped'; latencies: number[] };
