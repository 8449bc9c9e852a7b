// Mutable state of one run while it executes: step statuses, the template data the steps
// see, the token total and why the run stopped (if it did). Every change a store should
// see is marked, so the run writer saves exactly what changed.
import type { RunPhase, RunStepStatus, TokenUsage } from '../api/index.js';
import { addUsage, ZERO_USAGE } from '../core/usage.js';
import type { PlannedStep } from './plan.js';

export interface StepView {
  output: string;
  data: unknown;
  phase: string;
}

export interface TemplateData {
  input: Record<string, unknown>;
  steps: Record<string, StepView>;
  trigger?: unknown;
}

export type StopReason = Exclude<RunPhase, 'Pending' | 'Running' | 'Succeeded'>;

export class RunState {
  readonly statuses: RunStepStatus[];
  readonly data: TemplateData;
  usage: TokenUsage = ZERO_USAGE;
  stop?: { phase: StopReason; message: string; step?: string };
  /** Full outputs by step; statuses carry only what the caller chooses to keep. */
  readonly outputs = new Map<string, string>();
  /** Indices of steps changed since the writer last took them. */
  readonly changed = new Set<number>();
  /** Called after each change, so a writer can schedule a save. */
  onChange: () => void = () => {};

  private readonly maxTokens: number | undefined;

  constructor(plan: PlannedStep[], input: Record<string, unknown>, options: { trigger?: unknown; maxTokens?: number | undefined } = {}) {
    this.statuses = plan.map((step) => ({ name: step.name, phase: 'Pending' }));
    this.data = { input, steps: Object.create(null) as Record<string, StepView> };
    if (options.trigger !== undefined) this.data.trigger = options.trigger;
    this.maxTokens = options.maxTokens;
  }

  status(step: PlannedStep): RunStepStatus {
    return this.statuses[step.index]!;
  }

  /** Applies a change to a step's status and marks the step for saving. */
  update(step: PlannedStep, change: Partial<RunStepStatus>): RunStepStatus {
    const status = Object.assign(this.status(step), change);
    const view = this.data.steps[step.name];
    if (view && change.phase) view.phase = change.phase;
    this.changed.add(step.index);
    this.onChange();
    return status;
  }

  /**
   * Makes a step's output visible to templates as .steps.<name>.{output,data,phase};
   * `data` is the output already parsed as JSON (undefined when it is not JSON).
   */
  publish(step: PlannedStep, output: string, data: unknown): void {
    this.outputs.set(step.name, output);
    const status = this.status(step);
    this.data.steps[step.name] = { output, data: data ?? {}, phase: status.phase };
    this.changed.add(step.index);
    this.onChange();
  }

  /** Counts tokens a step spent; once the run's maxTokens is reached the run stops taking work. */
  addStepUsage(step: PlannedStep, usage: TokenUsage): void {
    this.update(step, { tokenUsage: addUsage(this.status(step).tokenUsage ?? ZERO_USAGE, usage) });
    this.usage = addUsage(this.usage, usage);
    this.checkBudget();
  }

  checkBudget(): void {
    const used = this.usage.total;
    if (this.maxTokens !== undefined && used >= this.maxTokens) {
      this.stopWith('BudgetExceeded', `run used ${used} tokens, budget maxTokens ${this.maxTokens}`);
    }
  }

  /** The first stop wins: later failures are consequences of it. */
  stopWith(phase: StopReason, message: string, step?: string): void {
    if (!this.stop) this.stop = step === undefined ? { phase, message } : { phase, message, step };
  }
}
