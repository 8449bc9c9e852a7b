// The run engine: executes a team's pipeline as a DAG. Steps whose dependencies are
// Succeeded or Skipped start at once; a failed step, the run deadline, the token budget or
// cancellation stop new work. Scheduling is O(edges): each completion only visits its
// dependants. With a RunStore the run's state is saved as it changes, and `resume`
// continues a saved run: finished steps are kept, a Running step re-attaches to its task,
// and the deadline stays where it was.
import { setMaxListeners } from 'node:events';
import type { ArkTeamSpec, RunPhase, RunStepStatus, TokenUsage } from '../api/index.js';
import { errorMessage } from '../core/errors.js';
import { addUsage } from '../core/usage.js';
import { parseOutputData, renderTemplate } from '../core/template/index.js';
import { silentTelemetry, type Telemetry } from '../telemetry/types.js';
import { systemClock, type Clock } from './clock.js';
import { discardEvents, fanOut, type EventSink } from './events.js';
import { pipelineOf, planPipeline, type PlannedStep } from './plan.js';
import type { TaskDispatcher } from './ports.js';
import type { RunFields, RunRecord, RunStore } from './run-store.js';
import { RunState } from './run-state.js';
import { RunWriter } from './run-writer.js';
import { runStep, type StepContext } from './step-runner.js';

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
  /** Where the run's state is saved while it runs; without one it lives only in memory. */
  store?: RunStore;
  /** Continue the run saved in `store` under `runId` (a fresh run when none is saved). */
  resume?: boolean;
  telemetry?: Telemetry;
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

interface Run {
  options: RunOptions;
  ctx: StepContext;
  plan: PlannedStep[];
  writer: RunWriter;
  startTime: number;
}

export async function runTeam(options: RunOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const telemetry = options.telemetry ?? silentTelemetry();
  const saved = options.resume ? await options.store?.load(options.runId) : undefined;
  const plan = planPipeline(pipelineOf(options.team));
  const state = new RunState(plan, options.input, { trigger: options.trigger, maxTokens: options.maxTokens ?? options.team.maxTokens });
  const startTime = saved?.startTime ?? clock.now();
  // A resumed run keeps its deadline; a retried one (resetForRetry drops it) gets a fresh one.
  const deadline = saved?.deadline ?? deadlineOf(options, saved ? clock.now() : startTime);
  const abort = new AbortController();
  // Every in-flight task listens on the run signal; a wide DAG has thousands at once.
  setMaxListeners(0, abort.signal);
  const timeOut = (): void => {
    // A resumed run may not be given the timeout again; its saved deadline still says it.
    const seconds = options.timeoutSeconds ?? options.team.timeoutSeconds ?? (deadline! - startTime) / 1000;
    state.stopWith('TimedOut', `run exceeded timeoutSeconds ${seconds}`);
    abort.abort();
  };
  const ctx: StepContext = {
    runId: options.runId, state, dispatcher: options.dispatcher, clock, signal: abort.signal, timeOut,
    // fanOut isolates the caller's sink: an observer that throws must not wedge the run.
    events: fanOut(telemetry, options.events ?? discardEvents),
    acceptsWork: () => !state.stop && !abort.signal.aborted,
    templates: { now: () => new Date(clock.now()) },
    ...(deadline !== undefined ? { deadline } : {}),
  };
  const run: Run = { options, ctx, plan, writer: new RunWriter(options.store, options.runId, state, telemetry), startTime };
  const done = saved ? restore(saved, plan, state) : new Set<number>();
  run.writer.saveRun(runFields(run, 'Running'));
  ctx.events.emit({ type: 'run.started', time: clock.now(), runId: options.runId, team: options.teamName, steps: plan.map((s) => s.name), ...(saved ? { resumed: true } : {}) });
  const detach = linkStops(run, abort);
  try {
    await schedule(run, done, abort);
  } finally {
    detach();
  }
  return finishRun(run);
}

function deadlineOf(options: RunOptions, startTime: number): number | undefined {
  const timeoutSeconds = options.timeoutSeconds ?? options.team.timeoutSeconds;
  return timeoutSeconds === undefined ? undefined : startTime + timeoutSeconds * 1000;
}

/** Loads a saved run into the state; returns the indices of steps already finished. */
function restore(saved: RunRecord, plan: PlannedStep[], state: RunState): Set<number> {
  const done = new Set<number>();
  const byName = new Map(plan.map((step) => [step.name, step]));
  for (const { output, ...status } of saved.steps) {
    const step = byName.get(status.name);
    if (!step) continue;
    state.update(step, status);
    if (status.tokenUsage) state.usage = addUsage(state.usage, status.tokenUsage);
    const finished = status.phase === 'Succeeded' || status.phase === 'Skipped';
    // A Running step's last finished iteration stays visible to its loop condition.
    if (output !== undefined && (finished || status.phase === 'Running')) state.publish(step, output, parseOutputData(output));
    if (finished) done.add(step.index);
  }
  return done;
}

/** Starts every runnable step and resolves when nothing is running and nothing can start. */
function schedule(run: Run, done: Set<number>, abort: AbortController): Promise<void> {
  const { ctx, plan } = run;
  const waiting = plan.map((step) => step.deps.filter((dep) => !done.has(dep)).length);
  const ready = plan.filter((step) => !done.has(step.index) && waiting[step.index] === 0);
  let running = 0;
  ctx.state.checkBudget();
  return new Promise<void>((resolve) => {
    const pump = (): void => {
      while (ready.length > 0 && ctx.acceptsWork()) {
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
function linkStops(run: Run, abort: AbortController): () => void {
  const { ctx, options } = run;
  const timer = ctx.deadline === undefined ? undefined : ctx.clock.setTimer(ctx.deadline - ctx.clock.now(), ctx.timeOut);
  const onCancel = (): void => {
    ctx.state.stopWith('Cancelled', 'run cancelled');
    abort.abort();
  };
  if (options.signal?.aborted) onCancel();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  return () => {
    timer?.cancel();
    options.signal?.removeEventListener('abort', onCancel);
  };
}

function runFields(run: Run, phase: RunPhase, extra: Partial<RunFields> = {}): RunFields {
  const fields: RunFields = { team: run.options.teamName, phase, startTime: run.startTime, usage: run.ctx.state.usage, ...extra };
  if (run.ctx.deadline !== undefined) fields.deadline = run.ctx.deadline;
  return fields;
}

async function finishRun(run: Run): Promise<RunResult> {
  const { ctx, options, startTime } = run;
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
    const output = runOutput(options.team, ctx, run.plan);
    if (output.ok) result.output = output.value;
    else Object.assign(result, { phase: 'Failed', message: output.value });
  }
  const { output, message, failedStep } = result;
  run.writer.saveRun(runFields(run, result.phase, { completionTime, ...defined({ output, message, failedStep }) }));
  await run.writer.flush();
  const event = { type: 'run.completed' as const, time: completionTime, runId: options.runId, phase: result.phase, usage: result.usage, durationMs: completionTime - startTime };
  ctx.events.emit(result.message === undefined ? event : { ...event, message: result.message });
  return result;
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The output template, or else the output of the last step (in pipeline order) that ran. */
function runOutput(team: ArkTeamSpec, ctx: StepContext, plan: PlannedStep[]): { ok: boolean; value: string } {
  const { state } = ctx;
  if (team.output !== undefined) {
    try {
      return { ok: true, value: renderTemplate(team.output, state.data, ctx.templates) };
    } catch (error) {
      return { ok: false, value: `spec.output: ${errorMessage(error)}` };
    }
  }
  const last = [...plan].reverse().find((step) => state.status(step).phase === 'Succeeded');
  return { ok: true, value: last ? (state.outputs.get(last.name) ?? '') : '' };
}
