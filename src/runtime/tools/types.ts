// A tool an agent can call: its spec for the model and how to run it.
import type { TokenUsage } from '../../api/index.js';
import type { AgentTask } from '../../engine/ports.js';
import type { ToolSpec } from '../../providers/types.js';

export interface ToolResult {
  content: string;
  /** Tokens spent by the tool itself (e.g. a delegated task), added to the calling task. */
  usage?: TokenUsage;
}

export interface ToolContext {
  signal: AbortSignal;
  /** The task that called the tool. */
  task: AgentTask;
  /** The model's id for this call: stable across redeliveries, unlike a counter. */
  callId: string;
}

export interface ToolBinding {
  spec: ToolSpec;
  invoke(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult>;
}
