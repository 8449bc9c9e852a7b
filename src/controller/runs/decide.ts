// What the run controller does about one ArkRun, as a pure function of what it observes:
// the cached object (status phase, observed retry, annotations) and whether this process
// is driving the run. Level-based: the same observation always gives the same action.
import { TERMINAL_RUN_PHASES, type RunPhase } from '../../api/index.js';
import type { RunRequests } from '../../core/run-requests.js';

/** Phases a retry may restart (a Succeeded run has nothing to retry). */
export const RETRYABLE_PHASES: readonly RunPhase[] = ['Failed', 'TimedOut', 'BudgetExceeded', 'Cancelled'];

export interface Observed {
  /** The object is gone (deleted). */
  deleted: boolean;
  /** This process is driving the run right now. */
  active: boolean;
  /** status.phase, or the phase this process ended the run in when the watch has not caught up. */
  phase: RunPhase | undefined;
  observedRetry: string | undefined;
  requests: RunRequests;
}

export type Action =
  | { type: 'none' }
  | { type: 'cleanup' }
  | { type: 'cancel' }
  | { type: 'drive'; cancelled: boolean }
  | { type: 'retry'; token: string; step?: string };

export function isTerminal(phase: RunPhase | undefined): boolean {
  return phase !== undefined && TERMINAL_RUN_PHASES.includes(phase);
}

export function decide(observed: Observed): Action {
  if (observed.deleted) return { type: 'cleanup' };
  const { cancel, retry } = observed.requests;
  if (observed.active) return cancel ? { type: 'cancel' } : { type: 'none' };
  if (isTerminal(observed.phase)) {
    const wanted = retry !== undefined && retry.token !== observed.observedRetry && RETRYABLE_PHASES.includes(observed.phase!);
    if (!wanted) return { type: 'none' };
    return retry.step === undefined ? { type: 'retry', token: retry.token } : { type: 'retry', token: retry.token, step: retry.step };
  }
  // Pending, Running (a restarted operator resumes it) or never seen.
  return { type: 'drive', cancelled: cancel !== undefined };
}
