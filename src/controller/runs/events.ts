// Kubernetes Events of one run: RunStarted, StepFailed, and one of RunSucceeded, RunFailed,
// RunTimedOut, BudgetExceeded, RunCancelled when it ends.
import type { RunPhase } from '../../api/index.js';
import type { RunEvent } from '../../engine/events.js';
import type { CachedRun } from './kube-status.js';
import type { RecordEvent } from './types.js';

const FINAL: Record<RunPhase, { reason: string; type: 'Normal' | 'Warning' } | undefined> = {
  Pending: undefined,
  Running: undefined,
  Succeeded: { reason: 'RunSucceeded', type: 'Normal' },
  Failed: { reason: 'RunFailed', type: 'Warning' },
  TimedOut: { reason: 'RunTimedOut', type: 'Warning' },
  BudgetExceeded: { reason: 'BudgetExceeded', type: 'Warning' },
  Cancelled: { reason: 'RunCancelled', type: 'Normal' },
};

export interface RunEvents {
  observe(event: RunEvent): void;
  finished(phase: RunPhase, message: string | undefined): void;
}

export function runEvents(run: CachedRun, record: RecordEvent | undefined): RunEvents {
  const regarding = { kind: 'ArkRun', namespace: run.namespace, name: run.name, ...(run.uid !== undefined ? { uid: run.uid } : {}) };
  const emit = (type: 'Normal' | 'Warning', reason: string, message: string): void => record?.(regarding, type, reason, message);
  return {
    observe(event) {
      if (event.type === 'run.started') {
        emit('Normal', 'RunStarted', `${event.resumed ? 'resumed' : 'started'} team run with ${event.steps.length} step(s)`);
      } else if (event.type === 'step.completed' && event.phase === 'Failed') {
        emit('Warning', 'StepFailed', `step ${event.step} failed: ${event.message ?? ''}`);
      }
    },
    finished(phase, message) {
      const final = FINAL[phase];
      if (final) emit(final.type, final.reason, message ?? `run ${phase}`);
    },
  };
}
