// A tool an agent can call: its spec for the model and how to run it.
import type { TokenUsage } from '../../api/index.js';
import type { Clock } from '../../engine/clock.js';
import type { AgentTask } from '../../engine/ports.js';
import type { ToolSpec } from '../../providers/types.js';

export interface ToolResult {
  content: string;
  /** Tokens spent by the tool itself (e.g. a delegated task), added to the calling task. */
  usage?: TokenUsage;
}

export interface ToolContext {
  signal: AbortSignal;
  clock: Clock;
  /** The task that called the tool. */
  task: AgentTask;
  /** The model's id for this call (for logs; it changes when the task is redelivered). */
  callId: string;
  /**
   * Where the call stands in the task's conversation: the model turn (1-based) and the
   * call's index in that turn. Stable across redeliveries, so it names derived tasks.
   */
  position: { turn: number; call: number };
}

export interface ToolBinding {
  spec: ToolSpec;
  invoke(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult>;
}
