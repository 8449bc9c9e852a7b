// ArkRun: one immutable record of one execution of a team.
import { z } from 'zod';
import { arkTeamSpec } from './team.js';
import { localObjectRef, nonNegativeInt, OPAQUE, tokenUsage } from './common.js';

export const RUN_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'TimedOut', 'BudgetExceeded', 'Cancelled'] as const;
export const STEP_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Skipped'] as const;
/** Phases after which nothing about the run changes. */
export const TERMINAL_RUN_PHASES: readonly RunPhase[] = ['Succeeded', 'Failed', 'TimedOut', 'BudgetExceeded', 'Cancelled'];
/** Outputs longer than this are kept out of etcd; status holds a preview and outputRef. */
export const OUTPUT_PREVIEW_BYTES = 4096;

export const arkRunSpec = z
  .strictObject({
    teamRef: localObjectRef.describe('The team to run.'),
    input: z.record(z.string(), z.unknown()).meta(OPAQUE).optional()
      .describe('Run input; at admission it becomes the resolved input (declared defaults merged in).'),
    teamGeneration: nonNegativeInt().optional().describe('Generation of the team snapshotted at admission.'),
    teamSpec: arkTeamSpec.meta(OPAQUE).optional().describe('Snapshot of the team spec taken at admission.'),
  })
  .describe('What to run; immutable once admitted.');

export const runStepStatus = z.strictObject({
  name: z.string().describe('Step (role) name.'),
  phase: z.enum(STEP_PHASES),
  taskID: z.string().optional().describe('Id of the current or last task of this step.'),
  attempts: nonNegativeInt().optional().describe('Attempts made (validation retries included).'),
  iterations: nonNegativeInt().optional().describe('Loop iterations completed.'),
  startTime: z.string().optional(),
  completionTime: z.string().optional(),
  tokenUsage: tokenUsage.optional(),
  output: z.string().optional().describe('Output preview (bounded).'),
  outputRef: z.string().optional().describe('Where the full output is stored when it is large.'),
  message: z.string().optional().describe('Why the step failed or was skipped.'),
});

export const arkRunStatus = z.strictObject({
  phase: z.enum(RUN_PHASES).optional(),
  startTime: z.string().optional(),
  completionTime: z.string().optional(),
  durationSeconds: z.number().min(0).optional(),
  output: z.string().optional().describe('Run output preview (bounded).'),
  outputRef: z.string().optional().describe('Where the full output is stored when it is large.'),
  message: z.string().optional(),
  failedStep: z.string().optional(),
  steps: z.array(runStepStatus).optional(),
  totalTokenUsage: tokenUsage.optional(),
  observedGeneration: nonNegativeInt().optional(),
  observedRetry: z.string().optional()
    .describe('The last arkonis.dev/retry-requested token the controller acted on.'),
});

export type RunPhase = (typeof RUN_PHASES)[number];
export type StepPhase = (typeof STEP_PHASES)[number];
export type ArkRunSpec = z.infer<typeof arkRunSpec>;
export type ArkRunStatus = z.infer<typeof arkRunStatus>;
export type RunStepStatus = z.infer<typeof runStepStatus>;
