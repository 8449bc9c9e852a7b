// Test helpers for the engine: a scripted dispatcher (plays the agents) and a team builder.
import { arkTeamSpec, type ArkTeamSpec, type ArkTeamSpecInput } from '../api/index.js';
import { sleep, systemClock, type Clock } from './clock.js';
import type { RunEvent } from './events.js';
import { TaskError, type AgentTask, type TaskDispatcher, type TaskOutcome } from './ports.js';

export type Script = (task: AgentTask, call: number) => string | Promise<string>;

/**
 * Answers each task with `script` after its delay on `clock`, counting tokens as 10 per
 * call; records every task.
 */
export class ScriptedDispatcher implements TaskDispatcher {
  readonly tasks: AgentTask[] = [];
  running = 0;
  maxRunning = 0;

  constructor(
    private readonly script: Script,
    private readonly delayMs: number | ((task: AgentTask) => number) = 0,
    private readonly clock: Clock = systemClock,
  ) {}

  async dispatch(task: AgentTask, signal: AbortSignal): Promise<TaskOutcome> {
    this.tasks.push(task);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const delay = typeof this.delayMs === 'number' ? this.delayMs : this.delayMs(task);
      if (delay > 0) await sleep(this.clock, delay, signal);
      if (signal.aborted) throw new TaskError('aborted');
      const output = await this.script(task, this.tasks.length);
      return { output, usage: { input: 5, output: 5, total: 10 } };
    } finally {
      this.running--;
    }
  }

  prompts(step: string): string[] {
    return this.tasks.filter((task) => task.step === step && task.kind === 'step').map((task) => task.prompt);
  }
}

/** A team whose roles are all inline mock agents, with the given pipeline and extras. */
export function team(pipeline: ArkTeamSpecInput['pipeline'], extra: Partial<ArkTeamSpecInput> = {}): ArkTeamSpec {
  const roles = [...new Set((pipeline ?? []).map((step) => step.role))].map((name) => ({ name, model: 'mock', systemPrompt: name }));
  return arkTeamSpec.parse({ roles, pipeline, ...extra });
}

export function collectEvents(): { events: RunEvent[]; emit(event: RunEvent): void } {
  const events: RunEvent[] = [];
  return { events, emit: (event) => { events.push(event); } };
}
