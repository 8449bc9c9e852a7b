// The reconcile result vocabulary, as controller-runtime has it. A reconcile function
// returns `{ requeueAfter }` to be called again later (a budget window, a poll of an
// external state), nothing when the object is settled, throws a RetryableError (or any
// other error) to be retried with per-key exponential backoff, and throws a TerminalError
// when retrying cannot help (the object itself is bad): the error is reported once on the
// object (a condition) and the key is not retried until the object changes.

export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds. */
  requeueAfter?: number;
}

/** A transient failure (apiserver or Redis unavailable): retried with backoff. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

/** A failure no retry can fix until the object changes; never a hot loop. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/** The metric label of an outcome, in controller-runtime's words. */
export type ReconcileOutcome = 'success' | 'requeue_after' | 'error' | 'terminal';

export function outcomeOf(result: ReconcileResult | void, error: unknown): ReconcileOutcome {
  if (error !== undefined) return error instanceof TerminalError ? 'terminal' : 'error';
  return result?.requeueAfter !== undefined ? 'requeue_after' : 'success';
}
