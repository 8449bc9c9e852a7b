// A team running on this machine: one in-memory queue per role (named as in a cluster),
// workers that play the agent pods, and the run engine on top. Roles that reference an
// ArkAgent or another ArkTeam are resolved from the files given to `ark run`.
import type { ArkAgentSpec, ArkDocument, TeamRole } from '../../api/index.js';
import { inlineAgentSpec } from '../../core/defaults.js';
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

const VALIDATOR_PROMPT = 'You check an output against the given criteria. Answer with exactly one word: VALID or INVALID.';

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

  /** Starts a worker pool per role; throws (before any LLM call) when a role cannot run. */
  async start(): Promise<void> {
    const roles = this.team.value.spec.roles;
    for (const [index, role] of roles.entries()) {
      const where = `${this.team.file}: spec.roles[${index}] (${role.name})`;
      const { handler, concurrency, replicas } = await this.roleWorker(role, where);
      const queueName = teamRoleQueue(this.namespace, this.name, role.name);
      for (let replica = 0; replica < replicas; replica++) {
        this.subscriptions.push(this.queue.consume(queueName, handler, { concurrency, name: `${this.name}-${role.name}-${replica}` }));
      }
    }
  }

  run(options: Omit<RunOptions, 'team' | 'teamName' | 'dispatcher' | 'events'>): Promise<RunResult> {
    return runTeam({ ...options, team: this.team.value.spec, teamName: this.name, dispatcher: this.dispatcher, events: this.ctx.events });
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.close()));
    await this.queue.close();
    await Promise.all(this.closers.map((close) => close()));
  }

  private async roleWorker(role: TeamRole, where: string): Promise<{ handler: TaskHandler; concurrency: number; replicas: number }> {
    if (role.arkTeam) return { handler: await this.subTeamHandler(role.arkTeam, where), concurrency: 100, replicas: 1 };
    const agent = role.arkAgent ? this.findAgent(role.arkAgent, where) : this.inlineAgent(role, where);
    const config = await this.agentConfig(role, agent.spec, agent.file, where);
    const validator: AgentConfig = { ...config, tools: [], systemPrompt: VALIDATOR_PROMPT };
    const handler: TaskHandler = (task, signal) =>
      runAgentTask(task.kind === 'validate' ? validator : config, task, signal, { events: this.ctx.events, clock: systemClock, worker: `${this.name}-${role.name}` });
    // replicas 0 means "scaled down" in a cluster; a local run still needs one worker.
    return { handler, concurrency: agent.spec.limits.maxConcurrentTasks, replicas: Math.max(1, agent.spec.replicas) };
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
      const result = await sub.run({ runId: `${task.id}/${teamName}`, input: { ...task.inputs, prompt: task.prompt }, signal });
      if (result.phase !== 'Succeeded') throw new TaskError(`team ${teamName} ended ${result.phase}: ${result.message ?? ''}`, result.usage);
      return { output: result.output ?? '', usage: result.usage };
    };
  }
}
