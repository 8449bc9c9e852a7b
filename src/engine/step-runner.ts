// Runs one pipeline step to completion: `if`, loop iterations, attempts with validation
// retries, and the task dispatches they need. Failures become the step's phase; only the
// run orchestrator decides what a failed step means for the run.
import type { RunStepStatus } from '../api/index.js';
import { errorMessage } from '../core/errors.js';
import { isTruthy, renderTemplate, type RenderOptions } from '../core/template/index.js';
import { ZERO_USAGE } from '../core/usage.js';
import { checkOutput, isValidVerdict, VERDICT_INSTRUCTION } from './checks.js';
import type { EventSink, RunEvent } from './events.js';
import type { PlannedStep } from './plan.js';
import type { AgentTask, Clock, TaskDispatcher, TaskOutcome } from './ports.js';
import { TaskError } from './ports.js';
import type { RunState } from './run-state.js';
import { parseStepTaskId, stepTaskId, validateTaskId } from './task-ids.js';

export interface StepContext {
  runId: string;
  state: RunState;
  dispatcher: TaskDispatcher;
  events: EventSink;
  clock: Clock;
  signal: AbortSignal;
  /** The run's absolute deadline (epoch ms), given to every task. */
  deadline?: number;
  /** Stops the run as timed out (what the deadline timer does). */
  timeOut(): void;
  /** True while the run takes new work; pure (no side effects). */
  acceptsWork(): boolean;
  /** Template options: `now` reads the run's clock. */
  templates: RenderOptions;
}

/** The run stopped taking new work; the step ends without being blamed for it. */
export class StepHalted extends Error {}

class StepFailed extends Error {}

/** Where a resumed step picks up: the task it was waiting on when the run was interrupted. */
interface Reattach { iteration: number; taskId: string }

export async function runStep(ctx: StepContext, step: PlannedStep): Promise<void> {
  const reattach = reattachPoint(ctx, step);
  const status = ctx.state.update(step, { phase: 'Running', startTime: ctx.state.status(step).startTime ?? iso(ctx) });
  try {
    if (step.spec.if !== undefined && !reattach && !isTruthy(render(ctx, step, step.spec.if, 'if'))) {
      ctx.state.publish(step, '', {});
      finish(ctx, step, 'Skipped', '"if" rendered falsy');
      return;
    }
    await iterate(ctx, step, reattach);
    finish(ctx, step, 'Succeeded');
  } catch (error) {
    finish(ctx, step, 'Failed', errorMessage(error));
    if (error instanceof StepHalted) return;
    // A task that failed once the deadline passed failed because of it: the runtime's
    // deadline timer can report before this process's fires. The run timed out.
    if (ctx.deadline !== undefined && ctx.clock.now() >= ctx.deadline) ctx.timeOut();
    else ctx.state.stopWith('Failed', `step "${step.name}" failed: ${status.message}`, step.name);
  }
}

/** A step that was Running when its run was saved re-attaches to its task by id. */
function reattachPoint(ctx: StepContext, step: PlannedStep): Reattach | undefined {
  const status = ctx.state.status(step);
  if (status.phase !== 'Running' || !status.taskID) return undefined;
  const parsed = parseStepTaskId(status.taskID, ctx.runId, step.name);
  return parsed ? { iteration: parsed.iteration, taskId: status.taskID } : undefined;
}

async function iterate(ctx: StepContext, step: PlannedStep, reattach?: Reattach): Promise<void> {
  const maxIterations = step.spec.loop?.maxIterations ?? 1;
  for (let iteration = reattach?.iteration ?? 1; iteration <= maxIterations; iteration++) {
    const { output, data } = await attempt(ctx, step, iteration, iteration === reattach?.iteration ? reattach.taskId : undefined);
    ctx.state.update(step, { iterations: iteration });
    ctx.state.publish(step, output, data);
    if (!step.spec.loop) return;
    const again = iteration < maxIterations && isTruthy(render(ctx, step, step.spec.loop.condition, 'loop.condition'));
    ctx.events.emit({ type: 'step.iteration', ...header(ctx, step), iteration, continue: again });
    if (!again) return;
  }
}

async function attempt(ctx: StepContext, step: PlannedStep, iteration: number, reattachTo?: string): Promise<{ output: string; data: unknown }> {
  let feedback: string | undefined;
  for (let attemptNo = 1; attemptNo <= step.checks.maxAttempts; attemptNo++) {
    if (!ctx.acceptsWork()) throw halted(ctx, 'not started');
    const resumed = attemptNo === 1 ? reattachTo : undefined;
    const attempts = resumed ? ctx.state.status(step).attempts ?? 1 : (ctx.state.status(step).attempts ?? 0) + 1;
    const task = buildTask(ctx, step, resumed ?? stepTaskId(ctx.runId, step.name, iteration, attempts), feedback);
    ctx.state.update(step, { attempts, taskID: task.id });
    ctx.events.emit({ type: 'step.started', ...header(ctx, step), attempt: attemptNo, iteration });
    const outcome = await dispatch(ctx, step, task);
    const result = await checkOutput(outcome.output, step.checks, (prompt, output) => judge(ctx, step, task.id, prompt, output));
    if (result.ok) return { output: outcome.output, data: result.data };
    feedback = result.reason;
    if (attemptNo < step.checks.maxAttempts) {
      ctx.events.emit({ type: 'step.retry', ...header(ctx, step), attempt: attemptNo + 1, reason: result.reason });
    }
  }
  const tries = step.checks.maxAttempts;
  throw new StepFailed(`${feedback ?? 'validation failed'} (after ${tries} attempt${tries === 1 ? '' : 's'})`);
}

function buildTask(ctx: StepContext, step: PlannedStep, id: string, feedback?: string): AgentTask {
  const inputs = renderInputs(ctx, step);
  let prompt = inputs.prompt ?? defaultPrompt(ctx.state.data.input);
  if (feedback) prompt += `\n\nYour previous answer was rejected: ${feedback}. Answer again and fix this.`;
  return withCommon(ctx, { id, runId: ctx.runId, step: step.name, role: step.spec.role, kind: 'step', prompt, inputs }, step);
}

function withCommon(ctx: StepContext, task: AgentTask, step: PlannedStep): AgentTask {
  if (task.kind === 'step' && step.checks.responseSchema) task.responseSchema = step.checks.responseSchema;
  if (ctx.deadline !== undefined) task.deadline = ctx.deadline;
  return task;
}

function renderInputs(ctx: StepContext, step: PlannedStep): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [key, template] of Object.entries(step.spec.inputs ?? {})) rendered[key] = render(ctx, step, template, `inputs.${key}`);
  return rendered;
}

/** A step without a prompt input gets the run input: its "prompt" or "task" value, else JSON. */
function defaultPrompt(input: Record<string, unknown>): string {
  const direct = input.prompt ?? input.task;
  return typeof direct === 'string' ? direct : JSON.stringify(input);
}

async function dispatch(ctx: StepContext, step: PlannedStep, task: AgentTask): Promise<TaskOutcome> {
  ctx.events.emit({ type: 'task.submitted', ...header(ctx, step), taskId: task.id, role: task.role, kind: task.kind });
  try {
    const outcome = await ctx.dispatcher.dispatch(task, ctx.signal);
    ctx.state.addStepUsage(step, outcome.usage);
    return outcome;
  } catch (error) {
    if (error instanceof TaskError) ctx.state.addStepUsage(step, error.usage);
    if (ctx.signal.aborted) throw halted(ctx, 'aborted');
    throw new StepFailed(`task ${task.id} failed: ${errorMessage(error)}`);
  }
}

async function judge(ctx: StepContext, step: PlannedStep, taskId: string, validatorPrompt: string, output: string): Promise<boolean> {
  if (!ctx.acceptsWork()) throw halted(ctx, 'not started');
  const prompt = `${validatorPrompt}\n\nOutput to check:\n${output}\n\n${VERDICT_INSTRUCTION}`;
  const task = withCommon(ctx, {
    id: validateTaskId(taskId), runId: ctx.runId, step: step.name, role: step.spec.role, kind: 'validate', prompt, inputs: { prompt },
  }, step);
  const outcome = await dispatch(ctx, step, task);
  return isValidVerdict(outcome.output);
}

function halted(ctx: StepContext, what: string): StepHalted {
  return new StepHalted(`${what}: ${ctx.state.stop?.message ?? 'run stopped'}`);
}

/**
 * Renders one of the step's templates (`field` is its path under the step); a template
 * that fails at run time (`div 1 0`) fails the step with the field's path in the message.
 */
function render(ctx: StepContext, step: PlannedStep, template: string, field: string): string {
  try {
    return renderTemplate(template, ctx.state.data, ctx.templates);
  } catch (error) {
    throw new StepFailed(`spec.pipeline[${step.index}].${field}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The fields every step event starts with. */
function header(ctx: StepContext, step: PlannedStep): { time: number; runId: string; step: string } {
  return { time: ctx.clock.now(), runId: ctx.runId, step: step.name };
}

function iso(ctx: StepContext): string {
  return new Date(ctx.clock.now()).toISOString();
}

function finish(ctx: StepContext, step: PlannedStep, phase: RunStepStatus['phase'], message?: string): void {
  const status = ctx.state.update(step, { phase, completionTime: iso(ctx), ...(message !== undefined ? { message } : {}) });
  const event: RunEvent = { type: 'step.completed', ...header(ctx, step), phase, usage: status.tokenUsage ?? ZERO_USAGE };
  ctx.events.emit(message === undefined ? event : { ...event, message });
  if (phase === 'Skipped') ctx.events.emit({ type: 'step.skipped', ...header(ctx, step), reason: message ?? '' });
}
