// Builds a runnable agent from its spec: provider, resolved system prompt, HTTP and MCP
// tools, and the delegate tool when the role may delegate. Shared by `ark run` (roles of a
// local team) and `ark runtime` (one agent pod).
import type { ArkAgentSpec } from '../api/index.js';
import type { TaskDispatcher } from '../engine/ports.js';
import type { Provider } from '../providers/types.js';
import { DEFAULT_MAX_TOOL_TURNS, type AgentConfig } from './agent-loop.js';
import type { ObjectSource } from './objects.js';
import { resolveSystemPrompt } from './prompt.js';
import { agentTools } from './tools/agent-tools.js';
import { delegateTool } from './tools/delegate.js';

export interface AgentAssembly {
  /** Role or ArkAgent name. */
  name: string;
  spec: ArkAgentSpec;
  provider: Provider;
  objects: ObjectSource;
  /** The agent's field path for messages. */
  where: string;
  noMcp?: boolean;
  /** Roles this agent may delegate to, and where delegated tasks go. */
  delegation?: { canDelegate: string[]; dispatcher: TaskDispatcher };
}

export interface BuiltAgent {
  config: AgentConfig;
  /** Closes the agent's MCP connections. */
  close(): Promise<void>;
}

export async function buildAgent(assembly: AgentAssembly): Promise<BuiltAgent> {
  const { spec, where } = assembly;
  const systemPrompt = await resolveSystemPrompt(spec, assembly.objects, where);
  const tools = await agentTools(spec, assembly.objects, { noMcp: assembly.noMcp ?? false, where });
  const delegation = assembly.delegation;
  if (delegation && delegation.canDelegate.length > 0) tools.bindings.push(delegateTool(delegation.canDelegate, delegation.dispatcher));
  const config: AgentConfig = {
    name: assembly.name, model: spec.model, provider: assembly.provider, systemPrompt, tools: tools.bindings,
    maxTokensPerCall: spec.limits.maxTokensPerCall, timeoutSeconds: spec.limits.timeoutSeconds, maxToolTurns: DEFAULT_MAX_TOOL_TURNS,
  };
  return { config, close: tools.close };
}
