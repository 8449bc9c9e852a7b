// The agent's LLM loop for one task: call the model, run the tools it asks for, feed the
// results back, until it answers without tool calls. Bounded by the task deadline
// (limits.timeoutSeconds), a maximum number of tool turns and maxTokensPerCall per call.
import type { TokenUsage } from '../api/index.js';
import type { EventSink } from '../engine/events.js';
import type { AgentTask, Clock, TaskOutcome } from '../engine/ports.js';
import { TaskError } from '../engine/ports.js';
import type { ChatMessage, Provider, ToolCall } from '../providers/types.js';
import { deadline } from './deadline.js';
import type { ToolBinding } from './tools/types.js';

export interface AgentConfig {
  /** Role or ArkAgent name. */
  name: string;
  model: string;
  provider: Provider;
  systemPrompt: string;
  tools: ToolBinding[];
  maxTokensPerCall: number;
  timeoutSeconds: number;
  maxToolTurns: number;
}

export const DEFAULT_MAX_TOOL_TURNS = 10;
const TOOL_RESULT_LIMIT = 16_000;

export interface LoopContext {
  events: EventSink;
  clock: Clock;
  worker: string;
}

export async function runAgentTask(agent: AgentConfig, task: AgentTask, signal: AbortSignal, ctx: LoopContext): Promise<TaskOutcome> {
  const started = ctx.clock.now();
  const base = { runId: task.runId, step: task.step, taskId: task.id };
  ctx.events.emit({ type: 'task.started', time: started, ...base, role: task.role, worker: ctx.worker });
  const usage = { input: 0, output: 0, total: 0 };
  const limit = deadline(signal, agent.timeoutSeconds * 1000);
  try {
    const output = await converse(agent, task, limit.signal, usage, ctx);
    ctx.events.emit({ type: 'task.completed', time: ctx.clock.now(), ...base, usage, durationMs: ctx.clock.now() - started });
    return { output, usage };
  } catch (error) {
    const message = failureMessage(error, agent, limit.timedOut, signal);
    ctx.events.emit({ type: 'task.failed', time: ctx.clock.now(), ...base, error: message });
    throw new TaskError(message, usage, { cause: error });
  } finally {
    limit.dispose();
  }
}

/**
 * A semantic check ('validate' task) runs on the same agent and model, but as a judge: its
 * own system prompt, no tools, and marked as a verdict call.
 */
const JUDGE_SYSTEM_PROMPT = 'You check an output against the given criteria and answer with one word.';

async function converse(agent: AgentConfig, task: AgentTask, signal: AbortSignal, usage: TokenUsage, ctx: LoopContext): Promise<string> {
  const judging = task.kind === 'validate';
  const system = judging ? JUDGE_SYSTEM_PROMPT : agent.systemPrompt;
  const messages: ChatMessage[] = [{ role: 'system', content: system }, { role: 'user', content: userMessage(task) }];
  const tools = judging ? [] : agent.tools.map((tool) => tool.spec);
  for (let turn = 1; ; turn++) {
    const callStart = ctx.clock.now();
    const result = await agent.provider.complete({
      model: agent.model, messages, maxTokens: agent.maxTokensPerCall, signal,
      ...(tools.length > 0 ? { tools } : {}),
      ...(task.responseSchema ? { responseSchema: task.responseSchema } : {}),
      ...(judging ? { purpose: 'verdict' as const } : {}),
    });
    add(usage, result.usage);
    ctx.events.emit({
      type: 'llm.call', time: ctx.clock.now(), runId: task.runId, step: task.step, taskId: task.id, model: agent.model,
      turn, usage: result.usage, durationMs: ctx.clock.now() - callStart, stopReason: result.stopReason,
    });
    if (result.toolCalls.length === 0) return result.content;
    if (turn > agent.maxToolTurns) throw new Error(`the model asked for tools more than ${agent.maxToolTurns} turns in a row`);
    messages.push({ role: 'assistant', content: result.content, toolCalls: result.toolCalls });
    for (const call of result.toolCalls) messages.push(await callTool(agent, task, call, signal, usage, ctx));
  }
}

/** The main prompt, then every other input as a labelled context block. */
function userMessage(task: AgentTask): string {
  const context = Object.entries(task.inputs).filter(([key]) => key !== 'prompt');
  return [task.prompt, ...context.map(([key, value]) => `## ${key}\n${value}`)].join('\n\n');
}

async function callTool(
  agent: AgentConfig, task: AgentTask, call: ToolCall, signal: AbortSignal, usage: TokenUsage, ctx: LoopContext,
): Promise<ChatMessage> {
  const base = { runId: task.runId, step: task.step, taskId: task.id, tool: call.name, callId: call.id };
  ctx.events.emit({ type: 'tool.call', time: ctx.clock.now(), ...base, arguments: JSON.stringify(call.arguments) });
  const started = ctx.clock.now();
  const tool = agent.tools.find((candidate) => candidate.spec.name === call.name);
  let content: string;
  let ok = true;
  try {
    if (!tool) throw new Error(`unknown tool "${call.name}"; available: ${agent.tools.map((t) => t.spec.name).join(', ') || 'none'}`);
    const result = await tool.invoke(call.arguments, { signal, task, callId: call.id });
    content = result.content;
    if (result.usage) add(usage, result.usage);
  } catch (error) {
    if (signal.aborted) throw error;
    ok = false;
    content = `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (content.length > TOOL_RESULT_LIMIT) content = `${content.slice(0, TOOL_RESULT_LIMIT)}\n…[truncated]`;
  ctx.events.emit({ type: 'tool.result', time: ctx.clock.now(), ...base, ok, preview: content.slice(0, 200), durationMs: ctx.clock.now() - started });
  return { role: 'tool', toolCallId: call.id, name: call.name, content };
}

function add(total: TokenUsage, part: { input: number; output: number }): void {
  total.input += part.input;
  total.output += part.output;
  total.total += part.input + part.output;
}

function failureMessage(error: unknown, agent: AgentConfig, timedOut: boolean, caller: AbortSignal): string {
  if (timedOut && !caller.aborted) return `timed out after limits.timeoutSeconds ${agent.timeoutSeconds}`;
  if (caller.aborted) return 'cancelled';
  return error instanceof Error ? error.message : String(error);
}
