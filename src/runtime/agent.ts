// Builds a runnable agent from its spec: provider, resolved system prompt, HTTP tools and
// tool servers (connected on the agent's first task), and the delegate tool when the role
// may delegate. Shared by `ark run` (roles of a local team) and `ark runtime` (one pod).
import type { ArkAgentSpec } from '../api/index.js';
import type { TaskDispatcher } from '../engine/ports.js';
import type { Provider } from '../providers/types.js';
import type { Logger } from '../telemetry/types.js';
import { DEFAULT_MAX_TOOL_TURNS, type AgentConfig } from './agent-loop.js';
import type { ObjectSource } from './objects.js';
import { resolveSystemPrompt } from './prompt.js';
import { AgentToolbox, type Locate } from './tools/agent-tools.js';
import { delegateTool } from './tools/delegate.js';

export type { Locate } from './tools/agent-tools.js';

export interface AgentAssembly {
  /** Role or ArkAgent name. */
  name: string;
  spec: ArkAgentSpec;
  provider: Provider;
  objects: ObjectSource;
  /** Formats the agent's field paths for messages (file:line in a local run). */
  locate: Locate;
  logger: Logger;
  noMcp?: boolean;
  /** Leave unreachable tool servers out with a warning instead of failing the agent's tasks. */
  optionalMcp?: boolean;
  /** Roles this agent may delegate to, and where delegated tasks go. */
  delegation?: { canDelegate: string[]; dispatcher: TaskDispatcher };
}

export interface BuiltAgent {
  /** The agent ready for a task: tool servers are connected on the first call. */
  prepare(): Promise<AgentConfig>;
  /** Closes the agent's tool-server connections. */
  close(): Promise<void>;
}

/** Resolves the prompt at once (so a bad reference stops a run before any model call). */
export async function buildAgent(assembly: AgentAssembly): Promise<BuiltAgent> {
  const { spec, locate } = assembly;
  const systemPrompt = await resolveSystemPrompt(spec, assembly.objects, locate);
  const toolbox = new AgentToolbox(spec, assembly.objects, {
    noMcp: assembly.noMcp ?? false, optional: assembly.optionalMcp ?? false, locate, logger: assembly.logger,
  });
  const delegation = assembly.delegation;
  const delegate = delegation && delegation.canDelegate.length > 0 ? [delegateTool(delegation.canDelegate, delegation.dispatcher)] : [];
  const base = {
    name: assembly.name, model: spec.model, provider: assembly.provider, systemPrompt,
    maxTokensPerCall: spec.limits.maxTokensPerCall, timeoutSeconds: spec.limits.timeoutSeconds, maxToolTurns: DEFAULT_MAX_TOOL_TURNS,
  };
  // Once every tool server is connected the agent no longer changes: one object serves every task.
  let ready: AgentConfig | undefined;
  return {
    prepare: async () => {
      if (ready) return ready;
      const config = { ...base, tools: [...(await toolbox.tools()), ...delegate] };
      if (toolbox.settled) ready = config;
      return config;
    },
    close: () => toolbox.close(),
  };
}
