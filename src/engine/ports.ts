// What the engine needs from the world. The laptop wires in-memory adapters, the cluster
// wires Redis and agent pods; the engine cannot tell them apart. The store and event-log
// ports are in run-store.ts and event-log.ts, time in clock.ts.
import type { TokenUsage } from '../api/index.js';
import { ZERO_USAGE } from '../core/usage.js';
import type { JsonSchema } from '../providers/types.js';
import type { TaskKind } from './events.js';

export { systemClock, type Clock } from './clock.js';

/** One unit of work for an agent: a step attempt, a semantic check or a delegation. */
export interface AgentTask {
  /** Deterministic, built by task-ids.ts; a redelivery keeps it, a retry gets a new one. */
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
  /** Absolute deadline (epoch ms, the run's deadline): the agent stops working on it then. */
  deadline?: number;
  /**
   * Set by the aggregated API, which keeps a record of the task: the runtime that claims it
   * records when, so its Task reads Running with a startTime. Run steps have no record and
   * skip that write.
   */
  recordStart?: boolean;
}

export interface TaskOutcome {
  output: string;
  usage: TokenUsage;
}

export interface TaskDispatcher {
  /**
   * Runs the task on an agent of `task.role` and resolves with its output; rejects with a
   * TaskError. Aborting `signal` cancels the task.
   */
  dispatch(task: AgentTask, signal: AbortSignal): Promise<TaskOutcome>;
}

/**
 * A task that ran and failed; `usage` counts the tokens it spent before failing.
 * `retryable` says whether running it again may succeed (a lost connection, a shutdown)
 * or not (the model broke a limit, validation failed, it was cancelled): queues redeliver
 * only retryable failures.
 */
export class TaskError extends Error {
  readonly usage: TokenUsage;
  readonly retryable: boolean;

  constructor(message: string, usage: TokenUsage = ZERO_USAGE, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options);
    this.name = 'TaskError';
    this.usage = usage;
    this.retryable = options?.retryable ?? false;
  }
}
