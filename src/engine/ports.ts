// What the engine needs from the world. The laptop wires in-memory adapters, the cluster
// wires Redis and agent pods; the engine cannot tell them apart.
import type { TokenUsage } from '../api/index.js';
import type { JsonSchema } from '../providers/types.js';
import type { TaskKind } from './events.js';

/** One unit of work for an agent: a step attempt, a semantic check or a delegation. */
export interface AgentTask {
  /** Deterministic: `<runId>/<step>/<iteration>/<attempt>` (+ suffix); redeliveries keep it. */
  id: string;
  runId: string;
  step: string;
  role: string;
  kind: TaskKind;
  /** The main instruction ("prompt" input). */
  prompt: string;
  /** Every rendered input; keys other than prompt are given to the agent as context. */
  inputs: Record<string, string>;
  responseSchema?: JsonSchema;
  /** Roles on the delegation path to this task, so delegation cannot loop. */
  delegationChain?: string[];
  /** Absolute deadline (epoch ms) after which the result is useless. */
  deadline?: number;
}

export interface TaskOutcome {
  output: string;
  usage: TokenUsage;
}

export interface TaskDispatcher {
  /** Runs the task on an agent of `task.role` and resolves with its output; rejects with TaskError. */
  dispatch(task: AgentTask, signal: AbortSignal): Promise<TaskOutcome>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A task that ran and failed; `usage` counts the tokens it spent before failing. */
export class TaskError extends Error {
  constructor(
    message: string,
    readonly usage: TokenUsage = { input: 0, output: 0, total: 0 },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskError';
  }
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { input: a.input + b.input, output: a.output + b.output, total: a.total + b.total };
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ input: 0, output: 0, total: 0 });
