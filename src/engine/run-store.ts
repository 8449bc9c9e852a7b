// The run store port: a run's state, written while it runs (not only at the end) so that
// a run outlives the process executing it. Adapters: memory (ark run) and, in the cluster,
// ArkRun status + Redis. Every adapter passes src/store/run-store.contract.ts.
import type { RunPhase, RunStepStatus, TokenUsage } from '../api/index.js';

/** A step as stored: its status, and `output`, the step's full output (not a preview). */
export type StoredStep = RunStepStatus;

/** The run-level fields of a stored run. */
export interface RunFields {
  team: string;
  phase: RunPhase;
  /** Epoch ms of the first start; a resumed run keeps it. */
  startTime: number;
  /** Absolute deadline (epoch ms), fixed when the run first starts; absent without a timeout. */
  deadline?: number;
  completionTime?: number;
  usage: TokenUsage;
  output?: string;
  message?: string;
  failedStep?: string;
}

export interface RunRecord extends RunFields {
  runId: string;
  /** In pipeline order; a step never saved is absent. */
  steps: StoredStep[];
}

/** What changed since the last save: run fields when they changed, and each changed step. */
export interface RunUpdate {
  runId: string;
  run?: RunFields;
  steps: readonly StoredStep[];
}

export interface RunStore {
  /** The run as last saved; undefined when it was never saved. */
  load(runId: string): Promise<RunRecord | undefined>;
  /** Merges the update: run fields are replaced, each step replaces the step of its name. */
  save(update: RunUpdate): Promise<void>;
}

/**
 * `ark retry`: Failed steps (or only `step`) go back to Pending with their attempt counts
 * kept, so their next task gets a fresh id; the run is Running again with a fresh deadline
 * (a retry is a new request, unlike a resume after a restart).
 */
export function resetForRetry(record: RunRecord, step?: string): RunRecord {
  const steps = record.steps.map((saved): StoredStep => {
    if (saved.phase !== 'Failed' || (step !== undefined && saved.name !== step)) return saved;
    const { message: _message, completionTime: _done, ...rest } = saved;
    return { ...rest, phase: 'Pending' };
  });
  const { deadline: _deadline, completionTime: _completion, message: _m, failedStep: _f, output: _o, ...run } = record;
  return { ...run, phase: 'Running', steps };
}
