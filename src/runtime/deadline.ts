// A child abort signal that fires when the parent does or when `ms` pass. Cheaper than
// AbortSignal.any + AbortSignal.timeout on hot paths, and it releases its timer and its
// listener on dispose(), so thousands of tasks on one run signal leave nothing behind.

export interface Deadline {
  signal: AbortSignal;
  /** True when the timer, not the parent, aborted the signal. */
  readonly timedOut: boolean;
  dispose(): void;
}

export function deadline(parent: AbortSignal, ms: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${ms} ms passed`));
  }, ms);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() { return timedOut; },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
