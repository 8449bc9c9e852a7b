// A team running on this machine: one in-memory queue per role (named as in a cluster),
// workers that play the agent pods, and the run engine on top. Roles that reference an
// ArkAgent or another ArkTeam are resolved from the files given to `ark run`.
import type { ArkAgentSpec, ArkDocument, TeamRole } from '../../api/index.js';
import { inlineAgentSpec } from '../../core/defaults.js';
import { errorMessage } from '../../core/errors.js';
import { formatIssue } from '../../core/issues.js';
import { validateRunInput } from '../../core/validate/index.js';
import { systemClock } from '../../engine/clock.js';
import type { EventSink } from '../../engine/events.js';
import { TaskError, type AgentTask, type TaskOutcome } from '../../engine/ports.js';
import { runTeam, type RunOptions, type RunResult } from '../../engine/run.js';
import { nestedRunId } from '../../engine/task-ids.js';
import { QueueDispatcher } from '../../queue/dispatcher.js';
import { MemoryQueue } from '../../queue/memory.js';
import { teamRoleQueue } from '../../queue/names.js';
import type { Subscription, TaskHandler, TaskQueue } from '../../queue/types.js';
import { runAgentTask } from '../../runtime/agent-loop.js';
import { buildAgent, type Locate } from '../../runtime/agent.js';
import type { Telemetry } from '../../telemetry/types.js';
import type { Bundle, Located } from '../files.js';
import { fileObjectSource } from './objects.js';
import type { ProviderPool } from './providers.js';

export interface RuntimeContext {
  bundle: Bundle;
  providers: ProviderPool;
  events: EventSink;
  telemetry: Telemetry;
  noMcp: boolean;
  /** Leave unreachable tool servers out with a warning (`--mcp-optional`). */
  optionalMcp?: boolean;
  /** Teams on the arkTeam path to this one, to refuse nesting cycles. */
  parents?: string[];
  /** The queue of each team (default: in memory); `ark run` with TASK_QUEUE_URL passes Redis. */
  createQueue?: () => TaskQueue;
}

/** A nested team runs its own steps in parallel; this bounds how many of its runs overlap. */
const SUB_TEAM_CONCURRENCY = 100;

export class LocalTeamRuntime {
  private readonly queue: TaskQueue;
  private readonly subscriptions: Subscription[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  readonly dispatcher: QueueDispatcher;
  readonly name: string;
  private readonly namespace: string;

  constructor(private readonly team: Located<ArkDocument<'ArkTeam'>>, private readonly ctx: RuntimeContext) {
    this.name = team.value.metadata.name ?? 'team';
    this.namespace = team.value.metadata.namespace ?? 'default';
    this.queue = ctx.createQueue?.() ?? new MemoryQueue();
    this.dispatcher = new QueueDispatcher(this.queue, (role) => teamRoleQueue(this.namespace, this.name, role));
  }

  /**
   * Starts one worker per role (roles are prepared in parallel); throws before any LLM call
   * when a role cannot run. Tool servers connect on a role's first task.
   */
  async start(): Promise<void> {
    const workers = await Promise.all(this.team.value.spec.roles.map((role, index) => this.roleWorker(role, index)));
    this.team.value.spec.roles.forEach((role, index) => {
      const { handler, concurrency } = workers[index]!;
      const onError = (error: Error): void => this.ctx.telemetry.logger.warn(`role ${role.name}: ${error.message}`);
      this.subscriptions.push(this.queue.consume(teamRoleQueue(this.namespace, this.name, role.name), handler, { concurrency, onError }));
    });
  }

  run(options: Omit<RunOptions, 'team' | 'teamName' | 'dispatcher' | 'events' | 'telemetry'>): Promise<RunResult> {
    return runTeam({ ...options, team: this.team.value.spec, teamName: this.name, dispatcher: this.dispatcher, events: this.ctx.events, telemetry: this.ctx.telemetry });
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.close({ graceMs: 0 })));
    await this.queue.close();
    await Promise.all(this.closers.map((close) => close()));
  }

  private async roleWorker(role: TeamRole, index: number): Promise<{ handler: TaskHandler; concurrency: number }> {
    const where = `${this.team.file}: spec.roles[${index}] (${role.name})`;
    if (role.arkTeam) return { handler: await this.subTeamHandler(role.arkTeam, where), concurrency: SUB_TEAM_CONCURRENCY };
    const agent = role.arkAgent ? this.findAgent(role.arkAgent, where) : this.inlineAgent(role, index, where);
    const providerName = this.ctx.providers.choose(agent.spec, where);
    const built = await buildAgent({
      name: role.name, spec: agent.spec, provider: await this.ctx.providers.get(providerName), locate: agent.locate,
      logger: this.ctx.telemetry.logger, noMcp: this.ctx.noMcp, optionalMcp: this.ctx.optionalMcp ?? false,
      objects: fileObjectSource(this.ctx.bundle.coreObjects, agent.file),
      delegation: { canDelegate: role.canDelegate ?? [], dispatcher: this.dispatcher },
    });
    this.closers.push(built.close);
    const context = { events: this.ctx.events, clock: systemClock, worker: `${this.name}-${role.name}` };
    const handler: TaskHandler = async (task, delivery) => {
      const config = await built.prepare().catch((error: unknown) => { throw new TaskError(errorMessage(error), undefined, { cause: error }); });
      return runAgentTask(config, task, delivery.signal, context);
    };
    return { handler, concurrency: localConcurrency(agent.spec) };
  }

  private inlineAgent(role: TeamRole, index: number, where: string): LocalAgent {
    const spec = inlineAgentSpec(role);
    if (!spec) throw new Error(`${where}: the role is not a valid inline agent; fix: run ark validate ${this.team.file}`);
    return { spec, file: this.team.file, locate: locator(this.team, `spec.roles[${index}]`) };
  }

  private findAgent(name: string, where: string): LocalAgent {
    const found = this.ctx.bundle.agents.find((agent) => agent.value.metadata.name === name);
    if (!found) throw new Error(`${where}: arkAgent "${name}" is not in the files given to ark run; fix: add its ArkAgent YAML to the command line`);
    return { spec: found.value.spec, file: found.file, locate: locator(found, 'spec') };
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
    return async (task: AgentTask, { signal }): Promise<TaskOutcome> => {
      // A nested run is an entry point like `ark run`: declared defaults and required inputs apply.
      const resolved = validateRunInput(found.value.spec, { ...task.inputs, prompt: task.prompt });
      const errors = resolved.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
      if (errors.length > 0) throw new TaskError(`team ${teamName}: ${errors.join('; ')}`);
      const result = await sub.run({ runId: nestedRunId(task.id, teamName), input: resolved.input, signal });
      if (result.phase !== 'Succeeded') throw new TaskError(`team ${teamName} ended ${result.phase}: ${result.message ?? ''}`, result.usage);
      return { output: result.output ?? '', usage: result.usage };
    };
  }
}

interface LocalAgent { spec: ArkAgentSpec; file: string; locate: Locate }

/** `file:line: <base>.<path>` for fields of an agent declared at `base` in a located object. */
function locator(object: Located<unknown>, base: string): Locate {
  return (path) => {
    const full = `${base}.${path}`;
    const line = object.lineOf?.(full);
    return `${object.file}${line === undefined ? '' : `:${line}`}: ${full}`;
  };
}

/**
 * A local run plays every pod of an agent with one in-process worker: its capacity is
 * maxConcurrentTasks per replica. replicas 0 means "scaled down" in a cluster; a local run
 * still needs the role to answer, so it counts as one.
 */
function localConcurrency(spec: ArkAgentSpec): number {
  return spec.limits.maxConcurrentTasks * Math.max(1, spec.replicas);
}
