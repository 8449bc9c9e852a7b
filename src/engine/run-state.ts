// Mutable state of one run while it executes: step statuses, the template data the steps
// see, the token total and why the run stopped (if it did).
import type { RunPhase, RunStepStatus, TokenUsage } from '../api/index.js';
import type { PlannedStep } from './plan.js';
import { addUsage, ZERO_USAGE } from './ports.js';

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

  constructor(plan: PlannedStep[], input: Record<string, unknown>, trigger?: unknown) {
    this.statuses = plan.map((step) => ({ name: step.name, phase: 'Pending' }));
    this.data = { input, steps: Object.create(null) as Record<string, StepView> };
    if (trigger !== undefined) this.data.trigger = trigger;
  }

  status(step: PlannedStep): RunStepStatus {
    return this.statuses[step.index]!;
  }

  /**
   * Makes a step's output visible to templates as .steps.<name>.{output,data,phase};
   * `data` is the output already parsed as JSON (undefined when it is not JSON).
   */
  publish(step: PlannedStep, output: string, data: unknown): void {
    this.outputs.set(step.name, output);
    const status = this.status(step);
    this.data.steps[step.name] = { output, data: data ?? {}, phase: status.phase };
  }

  addStepUsage(step: PlannedStep, usage: TokenUsage): void {
    const status = this.status(step);
    status.tokenUsage = addUsage(status.tokenUsage ?? ZERO_USAGE, usage);
    this.usage = addUsage(this.usage, usage);
  }

  /** The first stop wins: later failures are consequences of it. */
  stopWith(phase: StopReason, message: string, step?: string): void {
    if (!this.stop) this.stop = step === undefined ? { phase, message } : { phase, message, step };
  }
}
