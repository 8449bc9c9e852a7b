// A team running on this machine: one in-memory queue per role (named as in a cluster),
// workers that play the agent pods, and the run engine on top. Roles that reference an
// ArkAgent or another ArkTeam are resolved from the files given to `ark run`.
import type { ArkAgentSpec, ArkDocument, TeamRole } from '../../api/index.js';
import { inlineAgentSpec } from '../../core/defaults.js';
import { formatIssue } from '../../core/issues.js';
import { validateRunInput } from '../../core/validate/index.js';
import type { EventSink } from '../../engine/events.js';
import { systemClock, TaskError, type AgentTask, type TaskOutcome } from '../../engine/ports.js';
import { runTeam, type RunOptions, type RunResult } from '../../engine/run.js';
import { QueueDispatcher } from '../../queue/dispatcher.js';
import { MemoryQueue } from '../../queue/memory.js';
import { teamRoleQueue } from '../../queue/names.js';
import type { Subscription, TaskHandler } from '../../queue/types.js';
import { DEFAULT_MAX_TOOL_TURNS, runAgentTask, type AgentConfig } from '../../runtime/agent-loop.js';
import { delegateTool } from '../../runtime/tools/delegate.js';
import type { Bundle, Located } from '../files.js';
import { agentTools } from './tools.js';
import { resolveSystemPrompt } from './prompts.js';
import type { ProviderPool } from './providers.js';

export interface RuntimeContext {
  bundle: Bundle;
  providers: ProviderPool;
  events: EventSink;
  noMcp: boolean;
  /** Teams on the arkTeam path to this one, to refuse nesting cycles. */
  parents?: string[];
}

/** A nested team runs its own steps in parallel; this bounds how many of its runs overlap. */
const SUB_TEAM_CONCURRENCY = 100;

export class LocalTeamRuntime {
  private readonly queue = new MemoryQueue();
  private readonly subscriptions: Subscription[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  readonly dispatcher: QueueDispatcher;
  readonly name: string;
  private readonly namespace: string;

  constructor(private readonly team: Located<ArkDocument<'ArkTeam'>>, private readonly ctx: RuntimeContext) {
    this.name = team.value.metadata.name ?? 'team';
    this.namespace = team.value.metadata.namespace ?? 'default';
    this.dispatcher = new QueueDispatcher(this.queue, (role) => teamRoleQueue(this.namespace, this.name, role));
  }

  /**
   * Starts one worker per role (roles are prepared in parallel, so MCP servers connect at
   * once); throws before any LLM call when a role cannot run.
   */
  async start(): Promise<void> {
    const workers = await Promise.all(this.team.value.spec.roles.map((role, index) =>
      this.roleWorker(role, `${this.team.file}: spec.roles[${index}] (${role.name})`)));
    this.team.value.spec.roles.forEach((role, index) => {
      const { handler, concurrency } = workers[index]!;
      this.subscriptions.push(this.queue.consume(teamRoleQueue(this.namespace, this.name, role.name), handler, { concurrency }));
    });
  }

  run(options: Omit<RunOptions, 'team' | 'teamName' | 'dispatcher' | 'events'>): Promise<RunResult> {
    return runTeam({ ...options, team: this.team.value.spec, teamName: this.name, dispatcher: this.dispatcher, events: this.ctx.events });
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.close()));
    await this.queue.close();
    await Promise.all(this.closers.map((close) => close()));
  }

  private async roleWorker(role: TeamRole, where: string): Promise<{ handler: TaskHandler; concurrency: number }> {
    if (role.arkTeam) return { handler: await this.subTeamHandler(role.arkTeam, where), concurrency: SUB_TEAM_CONCURRENCY };
    const agent = role.arkAgent ? this.findAgent(role.arkAgent, where) : this.inlineAgent(role, where);
    const config = await this.agentConfig(role, agent.spec, agent.file, where);
    const context = { events: this.ctx.events, clock: systemClock, worker: `${this.name}-${role.name}` };
    const handler: TaskHandler = (task, signal) => runAgentTask(config, task, signal, context);
    return { handler, concurrency: localConcurrency(agent.spec) };
  }

  private async agentConfig(role: TeamRole, spec: ArkAgentSpec, file: string, where: string): Promise<AgentConfig> {
    const providerName = this.ctx.providers.choose(spec, where);
    const tools = await agentTools(spec, this.ctx.bundle.coreObjects, { noMcp: this.ctx.noMcp, where });
    this.closers.push(tools.close);
    if (role.canDelegate && role.canDelegate.length > 0) tools.bindings.push(delegateTool(role.canDelegate, this.dispatcher));
    return {
      name: role.name, model: spec.model, provider: await this.ctx.providers.get(providerName),
      systemPrompt: await resolveSystemPrompt(spec, file, this.ctx.bundle.coreObjects, where),
      tools: tools.bindings, maxTokensPerCall: spec.limits.maxTokensPerCall, timeoutSeconds: spec.limits.timeoutSeconds,
      maxToolTurns: DEFAULT_MAX_TOOL_TURNS,
    };
  }

  private inlineAgent(role: TeamRole, where: string): { spec: ArkAgentSpec; file: string } {
    const spec = inlineAgentSpec(role);
    if (!spec) throw new Error(`${where}: the role is not a valid inline agent; fix: run ark validate ${this.team.file}`);
    return { spec, file: this.team.file };
  }

  private findAgent(name: string, where: string): { spec: ArkAgentSpec; file: string } {
    const found = this.ctx.bundle.agents.find((agent) => agent.value.metadata.name === name);
    if (!found) throw new Error(`${where}: arkAgent "${name}" is not in the files given to ark run; fix: add its ArkAgent YAML to the command line`);
    return { spec: found.value.spec, file: found.file };
  }

  /** A role played by a whole other team: each task is one run of that team. */
  private async subTeamHandler(teamName: string, where: string): Promise<TaskHandler> {
    const parents = [...(this.ctx.parents ?? [this.name])];
    if (parents.includes(teamName)) throw new Error(`${where}: arkTeam nesting cycle ${[...parents, teamName].join(' → ')}; fix: remove one reference`);
    const found = this.ctx.bundle.teams.find((team) => team.value.metadata.name === teamName);
    if (!found) throw new Error(`${where}: arkTeam "${teamName}" is not in the files given to ark run; fix: add its ArkTeam YAML to the command line`);
    const sub = new LocalTeamRuntime(found, { ...this.ctx, parents: [...parents, teamName] });
    await sub.start();
    this.closers.push(() => sub.close());
    return async (task: AgentTask, signal: AbortSignal): Promise<TaskOutcome> => {
      // A nested run is an entry point like `ark run`: declared defaults and required inputs apply.
      const resolved = validateRunInput(found.value.spec, { ...task.inputs, prompt: task.prompt });
      const errors = resolved.issues.filter((issue) => issue.severity === 'error');
      if (errors.length > 0) throw new TaskError(`team ${teamName}: ${errors.map(formatIssue).join('; ')}`);
      const result = await sub.run({ runId: `${task.id}/${teamName}`, input: resolved.input, signal });
      if (result.phase !== 'Succeeded') throw new TaskError(`team ${teamName} ended ${result.phase}: ${result.message ?? ''}`, result.usage);
      return { output: result.output ?? '', usage: result.usage };
    };
  }
}

/**
 * A local run plays every pod of an agent with one in-process worker: its capacity is
 * maxConcurrentTasks per replica. replicas 0 means "scaled down" in a cluster; a local run
 * still needs the role to answer, so it counts as one.
 */
function localConcurrency(spec: ArkAgentSpec): number {
  return spec.limits.maxConcurrentTasks * Math.max(1, spec.replicas);
}
