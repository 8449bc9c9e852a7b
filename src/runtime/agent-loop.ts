// The agent's LLM loop for one task: call the model, run the tools it asks for, feed the
// results back, until it answers without tool calls. Bounded by the task's deadline (the
// sooner of limits.timeoutSeconds from its start and the run's deadline), a maximum
// number of tool turns and maxTokensPerCall per call. All time comes from the clock.
import type { TokenUsage } from '../api/index.js';
import { errorMessage } from '../core/errors.js';
import { addUsage, ZERO_USAGE } from '../core/usage.js';
import { deadlineAt, type Clock } from '../engine/clock.js';
import type { EventSink } from '../engine/events.js';
import type { AgentTask, TaskOutcome } from '../engine/ports.js';
import { TaskError } from '../engine/ports.js';
import type { ChatMessage, Provider, RetryNotice, ToolCall } from '../providers/types.js';
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

/** What one task's conversation carries from call to call. */
interface Turn {
  agent: AgentConfig;
  task: AgentTask;
  signal: AbortSignal;
  ctx: LoopContext;
  usage: TokenUsage;
}

export async function runAgentTask(agent: AgentConfig, task: AgentTask, signal: AbortSignal, ctx: LoopContext): Promise<TaskOutcome> {
  const started = ctx.clock.now();
  const base = { runId: task.runId, step: task.step, taskId: task.id };
  ctx.events.emit({ type: 'task.started', time: started, ...base, role: task.role, worker: ctx.worker });
  const byTimeout = started + agent.timeoutSeconds * 1000;
  const limit = deadlineAt(ctx.clock, signal, Math.min(byTimeout, task.deadline ?? Infinity));
  const turn: Turn = { agent, task, signal: limit.signal, ctx, usage: ZERO_USAGE };
  try {
    const output = await converse(turn);
    ctx.events.emit({ type: 'task.completed', time: ctx.clock.now(), ...base, usage: turn.usage, durationMs: ctx.clock.now() - started });
    return { output, usage: turn.usage };
  } catch (error) {
    const message = failureMessage(error, agent, limit.timedOut && task.deadline !== undefined && task.deadline < byTimeout, limit.timedOut, signal);
    ctx.events.emit({ type: 'task.failed', time: ctx.clock.now(), ...base, error: message });
    throw new TaskError(message, turn.usage, { cause: error });
  } finally {
    limit.dispose();
  }
}

/**
 * A semantic check ('validate' task) runs on the same agent and model, but as a judge: its
 * own system prompt, no tools, and marked as a verdict call.
 */
const JUDGE_SYSTEM_PROMPT = 'You check an output against the given criteria and answer with one word.';

async function converse(turn: Turn): Promise<string> {
  const { agent, task, ctx } = turn;
  const judging = task.kind === 'validate';
  const system = judging ? JUDGE_SYSTEM_PROMPT : agent.systemPrompt;
  const messages: ChatMessage[] = [{ role: 'system', content: system }, { role: 'user', content: userMessage(task) }];
  const tools = judging ? [] : agent.tools.map((tool) => tool.spec);
  const header = { runId: task.runId, step: task.step, taskId: task.id, model: agent.model };
  const { name: provider, endpoint } = agent.provider;
  const onRetry = (retry: RetryNotice): void => ctx.events.emit({ type: 'llm.retry', time: ctx.clock.now(), ...header, ...retry });
  for (let number = 1; ; number++) {
    const callStart = ctx.clock.now();
    ctx.events.emit({ type: 'llm.started', time: callStart, ...header, provider, turn: number, ...(endpoint ? { endpoint } : {}) });
    const result = await agent.provider.complete({
      model: agent.model, messages, maxTokens: agent.maxTokensPerCall, signal: turn.signal, onRetry,
      ...(tools.length > 0 ? { tools } : {}),
      ...(task.responseSchema ? { responseSchema: task.responseSchema } : {}),
      ...(judging ? { purpose: 'verdict' as const } : {}),
    });
    turn.usage = addUsage(turn.usage, result.usage);
    ctx.events.emit({
      type: 'llm.call', time: ctx.clock.now(), runId: task.runId, step: task.step, taskId: task.id, model: agent.model,
      turn: number, usage: result.usage, durationMs: ctx.clock.now() - callStart, stopReason: result.stopReason,
    });
    if (result.toolCalls.length === 0) return result.content;
    if (number > agent.maxToolTurns) throw new Error(`the model asked for tools more than ${agent.maxToolTurns} turns in a row`);
    messages.push({ role: 'assistant', content: result.content, toolCalls: result.toolCalls });
    for (const [index, call] of result.toolCalls.entries()) messages.push(await callTool(turn, call, { turn: number, call: index }));
  }
}

/** The main prompt, then every other input as a labelled context block. */
function userMessage(task: AgentTask): string {
  const context = Object.entries(task.inputs).filter(([key]) => key !== 'prompt');
  return [task.prompt, ...context.map(([key, value]) => `## ${key}\n${value}`)].join('\n\n');
}

async function callTool(turn: Turn, call: ToolCall, position: { turn: number; call: number }): Promise<ChatMessage> {
  const { agent, task, ctx, signal } = turn;
  const base = { runId: task.runId, step: task.step, taskId: task.id, tool: call.name, callId: call.id };
  ctx.events.emit({ type: 'tool.call', time: ctx.clock.now(), ...base, arguments: JSON.stringify(call.arguments) });
  const started = ctx.clock.now();
  const tool = agent.tools.find((candidate) => candidate.spec.name === call.name);
  let content: string;
  let ok = true;
  try {
    if (!tool) throw new Error(`unknown tool "${call.name}"; available: ${agent.tools.map((t) => t.spec.name).join(', ') || 'none'}`);
    const result = await tool.invoke(call.arguments, { signal, clock: ctx.clock, task, callId: call.id, position });
    content = result.content;
    if (result.usage) turn.usage = addUsage(turn.usage, result.usage);
  } catch (error) {
    if (signal.aborted) throw error;
    ok = false;
    content = `Error: ${errorMessage(error)}`;
  }
  if (content.length > TOOL_RESULT_LIMIT) content = `${content.slice(0, TOOL_RESULT_LIMIT)}\n…[truncated]`;
  ctx.events.emit({ type: 'tool.result', time: ctx.clock.now(), ...base, ok, preview: content.slice(0, 200), durationMs: ctx.clock.now() - started });
  return { role: 'tool', toolCallId: call.id, name: call.name, content };
}

function failureMessage(error: unknown, agent: AgentConfig, byRunDeadline: boolean, timedOut: boolean, caller: AbortSignal): string {
  if (timedOut && !caller.aborted) {
    return byRunDeadline ? 'the run deadline passed while the task ran' : `timed out after limits.timeoutSeconds ${agent.timeoutSeconds}`;
  }
  if (caller.aborted) return 'cancelled';
  return errorMessage(error);
}
