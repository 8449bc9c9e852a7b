// Runs one pipeline step to completion: `if`, loop iterations, attempts with validation
// retries, and the task dispatches they need. Failures become the step's phase; only the
// run orchestrator decides what a failed step means for the run.
import type { RunStepStatus } from '../api/index.js';
import { isTruthy, renderTemplate } from '../core/template/index.js';
import { checkOutput, isValidVerdict, VERDICT_INSTRUCTION } from './checks.js';
import type { EventSink } from './events.js';
import type { PlannedStep } from './plan.js';
import type { AgentTask, Clock, TaskDispatcher, TaskOutcome } from './ports.js';
import { TaskError } from './ports.js';
import type { RunState } from './run-state.js';

export interface StepContext {
  runId: string;
  state: RunState;
  dispatcher: TaskDispatcher;
  events: EventSink;
  clock: Clock;
  signal: AbortSignal;
  /** False once the run takes no new work (budget spent, deadline, failure, cancel). */
  mayStart(): boolean;
  /** Throws StepHalted when mayStart() is false. */
  ensureCanStart(): void;
}

/** The run stopped taking new work; the step ends without being blamed for it. */
export class StepHalted extends Error {}

class StepFailed extends Error {}

export async function runStep(ctx: StepContext, step: PlannedStep): Promise<void> {
  const status = ctx.state.status(step);
  status.phase = 'Running';
  status.startTime = new Date(ctx.clock.now()).toISOString();
  try {
    if (step.spec.if !== undefined && !isTruthy(render(ctx, step.spec.if))) {
      finish(ctx, step, 'Skipped', '"if" rendered falsy');
      ctx.state.publish(step, '', {});
      return;
    }
    await iterate(ctx, step, status);
    finish(ctx, step, 'Succeeded');
  } catch (error) {
    finish(ctx, step, 'Failed', error instanceof Error ? error.message : String(error));
    if (!(error instanceof StepHalted)) ctx.state.stopWith('Failed', `step "${step.name}" failed: ${status.message}`, step.name);
  }
}

async function iterate(ctx: StepContext, step: PlannedStep, status: RunStepStatus): Promise<void> {
  const maxIterations = step.spec.loop?.maxIterations ?? 1;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const { output, data } = await attempt(ctx, step, iteration);
    status.iterations = iteration;
    ctx.state.publish(step, output, data);
    if (!step.spec.loop) return;
    const again = iteration < maxIterations && isTruthy(render(ctx, step.spec.loop.condition));
    ctx.events.emit({ type: 'step.iteration', time: ctx.clock.now(), runId: ctx.runId, step: step.name, iteration, continue: again });
    if (!again) return;
  }
}

async function attempt(ctx: StepContext, step: PlannedStep, iteration: number): Promise<{ output: string; data: unknown }> {
  const status = ctx.state.status(step);
  let feedback: string | undefined;
  for (let attemptNo = 1; attemptNo <= step.checks.maxAttempts; attemptNo++) {
    ctx.ensureCanStart();
    status.attempts = (status.attempts ?? 0) + 1;
    ctx.events.emit({ type: 'step.started', time: ctx.clock.now(), runId: ctx.runId, step: step.name, attempt: attemptNo, iteration });
    const task = buildTask(ctx, step, `${iteration}.${attemptNo}`, feedback);
    status.taskID = task.id;
    const outcome = await dispatch(ctx, step, task);
    const result = await checkOutput(outcome.output, step.checks, (prompt, output) => judge(ctx, step, task.id, prompt, output));
    if (result.ok) return { output: outcome.output, data: result.data };
    feedback = result.reason;
    if (attemptNo < step.checks.maxAttempts) {
      ctx.events.emit({ type: 'step.retry', time: ctx.clock.now(), runId: ctx.runId, step: step.name, attempt: attemptNo + 1, reason: result.reason });
    }
  }
  const tries = step.checks.maxAttempts;
  throw new StepFailed(`${feedback ?? 'validation failed'} (after ${tries} attempt${tries === 1 ? '' : 's'})`);
}

function buildTask(ctx: StepContext, step: PlannedStep, suffix: string, feedback?: string): AgentTask {
  const inputs = renderInputs(ctx, step);
  let prompt = inputs.prompt ?? defaultPrompt(ctx.state.data.input);
  if (feedback) prompt += `\n\nYour previous answer was rejected: ${feedback}. Answer again and fix this.`;
  const task: AgentTask = {
    id: `${ctx.runId}/${step.name}/${suffix}`, runId: ctx.runId, step: step.name, role: step.spec.role,
    kind: 'step', prompt, inputs,
  };
  if (step.checks.responseSchema) task.responseSchema = step.checks.responseSchema;
  return task;
}

function renderInputs(ctx: StepContext, step: PlannedStep): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [key, template] of Object.entries(step.spec.inputs ?? {})) rendered[key] = render(ctx, template);
  return rendered;
}

/** A step without a prompt input gets the run input: its "prompt" or "task" value, else JSON. */
function defaultPrompt(input: Record<string, unknown>): string {
  const direct = input.prompt ?? input.task;
  return typeof direct === 'string' ? direct : JSON.stringify(input);
}

async function dispatch(ctx: StepContext, step: PlannedStep, task: AgentTask): Promise<TaskOutcome> {
  ctx.events.emit({ type: 'task.submitted', time: ctx.clock.now(), runId: ctx.runId, step: step.name, taskId: task.id, role: task.role, kind: task.kind });
  try {
    const outcome = await ctx.dispatcher.dispatch(task, ctx.signal);
    ctx.state.addStepUsage(step, outcome.usage);
    return outcome;
  } catch (error) {
    if (error instanceof TaskError) ctx.state.addStepUsage(step, error.usage);
    if (ctx.signal.aborted) throw new StepHalted(`aborted: ${ctx.state.stop?.message ?? 'run stopped'}`);
    throw new StepFailed(`task ${task.id} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function judge(ctx: StepContext, step: PlannedStep, taskId: string, validatorPrompt: string, output: string): Promise<boolean> {
  ctx.ensureCanStart();
  const prompt = `${validatorPrompt}\n\nOutput to check:\n${output}\n\n${VERDICT_INSTRUCTION}`;
  const task: AgentTask = {
    id: `${taskId}/validate`, runId: ctx.runId, step: step.name, role: step.spec.role, kind: 'validate', prompt, inputs: { prompt },
  };
  const outcome = await dispatch(ctx, step, task);
  return isValidVerdict(outcome.output);
}

function render(ctx: StepContext, template: string): string {
  return renderTemplate(template, ctx.state.data);
}

function finish(ctx: StepContext, step: PlannedStep, phase: RunStepStatus['phase'], message?: string): void {
  const status = ctx.state.status(step);
  status.phase = phase;
  status.completionTime = new Date(ctx.clock.now()).toISOString();
  if (message !== undefined) status.message = message;
  const view = ctx.state.data.steps[step.name];
  if (view) view.phase = phase;
  const event = { type: 'step.completed' as const, time: ctx.clock.now(), runId: ctx.runId, step: step.name, phase, usage: status.tokenUsage ?? { input: 0, output: 0, total: 0 } };
  ctx.events.emit(message === undefined ? event : { ...event, message });
  if (phase === 'Skipped') ctx.events.emit({ type: 'step.skipped', time: ctx.clock.now(), runId: ctx.runId, step: step.name, reason: message ?? '' });
}
