// The run engine: executes a team's pipeline as a DAG. Steps whose dependencies are
// Succeeded or Skipped start at once; a failed step, the run deadline, the token budget or
// cancellation stop new work. Scheduling is O(edges): each completion only visits its
// dependants.
import { setMaxListeners } from 'node:events';
import type { ArkTeamSpec, RunPhase, RunStepStatus, TokenUsage } from '../api/index.js';
import { parseOutputData, renderTemplate } from '../core/template/index.js';
import { discardEvents, fanOut, type EventSink } from './events.js';
import { pipelineOf, planPipeline, type PlannedStep } from './plan.js';
import { systemClock, type Clock, type TaskDispatcher } from './ports.js';
import { RunState } from './run-state.js';
import { runStep, StepHalted, type StepContext } from './step-runner.js';

export interface RunOptions {
  runId: string;
  teamName: string;
  /** A validated, defaulted team spec. */
  team: ArkTeamSpec;
  /** The resolved input (declared defaults merged in). */
  input: Record<string, unknown>;
  dispatcher: TaskDispatcher;
  events?: EventSink;
  clock?: Clock;
  signal?: AbortSignal;
  /** Overrides of the team's maxTokens / timeoutSeconds (CLI flags). */
  maxTokens?: number;
  timeoutSeconds?: number;
  /** Step statuses of an earlier attempt: Succeeded and Skipped steps are not run again. */
  resumeFrom?: RunStepStatus[];
  resumeOutputs?: Record<string, string>;
  trigger?: unknown;
}

export interface RunResult {
  phase: RunPhase;
  output?: string;
  message?: string;
  failedStep?: string;
  steps: RunStepStatus[];
  outputs: Map<string, string>;
  usage: TokenUsage;
  startTime: number;
  completionTime: number;
}

export async function runTeam(options: RunOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  // fanOut isolates the caller's sink: an observer that throws must not wedge the run.
  const events = fanOut(options.events ?? discardEvents);
  const plan = planPipeline(pipelineOf(options.team));
  const state = new RunState(plan, options.input, options.trigger);
  const startTime = clock.now();
  const abort = new AbortController();
  // Every in-flight task listens on the run signal; a wide DAG has thousands at once.
  setMaxListeners(0, abort.signal);
  const detach = linkStops(options, state, abort);
  const maxTokens = options.maxTokens ?? options.team.maxTokens;
  const ctx: StepContext = {
    runId: options.runId, state, dispatcher: options.dispatcher, events, clock, signal: abort.signal,
    mayStart() {
      if (maxTokens !== undefined && state.usage.total >= maxTokens) {
        state.stopWith('BudgetExceeded', `run used ${state.usage.total} tokens, budget maxTokens ${maxTokens}`);
      }
      return !state.stop && !abort.signal.aborted;
    },
    ensureCanStart() {
      if (!ctx.mayStart()) throw new StepHalted(`not started: ${state.stop?.message ?? 'run stopped'}`);
    },
  };
  events.emit({ type: 'run.started', time: startTime, runId: options.runId, team: options.teamName, steps: plan.map((s) => s.name) });
  try {
    await schedule(ctx, plan, restore(options, plan, state), abort);
  } finally {
    detach();
  }
  return finishRun(options, ctx, plan, startTime);
}

/** Marks resumed steps done and returns the indices already finished. */
function restore(options: RunOptions, plan: PlannedStep[], state: RunState): Set<number> {
  const done = new Set<number>();
  const byName = new Map(plan.map((step) => [step.name, step]));
  for (const previous of options.resumeFrom ?? []) {
    const step = byName.get(previous.name);
    if (!step || (previous.phase !== 'Succeeded' && previous.phase !== 'Skipped')) continue;
    Object.assign(state.status(step), previous);
    const output = options.resumeOutputs?.[step.name] ?? previous.output ?? '';
    state.publish(step, output, parseOutputData(output));
    done.add(step.index);
  }
  return done;
}

/** Starts every runnable step and resolves when nothing is running and nothing can start. */
function schedule(ctx: StepContext, plan: PlannedStep[], done: Set<number>, abort: AbortController): Promise<void> {
  const waiting = plan.map((step) => step.deps.filter((dep) => !done.has(dep)).length);
  const ready = plan.filter((step) => !done.has(step.index) && waiting[step.index] === 0);
  let running = 0;
  return new Promise<void>((resolve) => {
    const pump = (): void => {
      while (ready.length > 0 && ctx.mayStart()) {
        const step = ready.shift()!;
        running++;
        void runStep(ctx, step).then(() => {
          running--;
          if (ctx.state.status(step).phase !== 'Failed') release(step);
          // A failed step fails the run: in-flight siblings are cancelled, not awaited.
          else if (ctx.state.stop?.phase === 'Failed') abort.abort();
          pump();
        });
      }
      if (running === 0) resolve();
    };
    const release = (step: PlannedStep): void => {
      for (const dependant of step.dependants) {
        if (--waiting[dependant]! === 0) ready.push(plan[dependant]!);
      }
    };
    pump();
  });
}

/** Wires the run deadline and the caller's cancel signal to the run's abort controller. */
function linkStops(options: RunOptions, state: RunState, abort: AbortController): () => void {
  const timeoutSeconds = options.timeoutSeconds ?? options.team.timeoutSeconds;
  const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => {
    state.stopWith('TimedOut', `run exceeded timeoutSeconds ${timeoutSeconds}`);
    abort.abort();
  }, timeoutSeconds * 1000);
  const onCancel = (): void => {
    state.stopWith('Cancelled', 'run cancelled');
    abort.abort();
  };
  if (options.signal?.aborted) onCancel();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  return () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  };
}

function finishRun(options: RunOptions, ctx: StepContext, plan: PlannedStep[], startTime: number): RunResult {
  const { state, clock } = ctx;
  const completionTime = clock.now();
  const result: RunResult = {
    phase: state.stop?.phase ?? 'Succeeded',
    steps: state.statuses, outputs: state.outputs, usage: state.usage, startTime, completionTime,
  };
  if (state.stop) {
    result.message = state.stop.message;
    if (state.stop.step) result.failedStep = state.stop.step;
  } else {
    const output = runOutput(options.team, state, plan);
    if (output.ok) result.output = output.value;
    else Object.assign(result, { phase: 'Failed', message: output.value });
  }
  const event = {
    type: 'run.completed' as const, time: completionTime, runId: options.runId, phase: result.phase,
    usage: result.usage, durationMs: completionTime - startTime,
  };
  ctx.events.emit(result.message === undefined ? event : { ...event, message: result.message });
  return result;
}

/** The output template, or else the output of the last step (in pipeline order) that ran. */
function runOutput(team: ArkTeamSpec, state: RunState, plan: PlannedStep[]): { ok: boolean; value: string } {
  if (team.output !== undefined) {
    try {
      return { ok: true, value: renderTemplate(team.output, state.data) };
    } catch (error) {
      return { ok: false, value: `spec.output: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const last = [...plan].reverse().find((step) => state.status(step).phase === 'Succeeded');
  return { ok: true, value: last ? (state.outputs.get(last.name) ?? '') : '' };
}
