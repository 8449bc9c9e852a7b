// Time as a port. Every timeout, deadline, backoff and template `now` reads this clock, so
// tests drive time with a fake clock instead of waiting, and a resumed run keeps its
// absolute deadline.

export interface Timer {
  /** Stops the timer; calling it after it fired is harmless. */
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fire` once after `ms` (≤ 0 means on the next turn of the event loop). */
  setTimer(ms: number, fire: () => void): Timer;
}

/**
 * Node timers cannot wait longer than 2^31-1 ms (they fire at once instead); longer waits
 * are chained, so a far deadline never fires early.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fire) {
    let handle: NodeJS.Timeout;
    const arm = (left: number): void => {
      handle = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fire()), Math.min(Math.max(0, left), MAX_TIMER_MS));
    };
    arm(ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Resolves after `ms` on `clock`, or at once (without throwing) when `signal` fires: the
 * caller checks the signal to tell the two apart.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      timer.cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimer(ms, done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A child abort signal that fires when the parent does or when the clock reaches `at`. */
export interface Deadline {
  signal: AbortSignal;
  /** True when the deadline, not the parent, aborted the signal. */
  readonly timedOut: boolean;
  /** Releases the timer and the parent listener; thousands of tasks leave nothing behind. */
  dispose(): void;
}

export function deadlineAt(clock: Clock, parent: AbortSignal, at: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(parent.reason);
  const timer = clock.setTimer(at - clock.now(), () => {
    timedOut = true;
    controller.abort(new Error(`deadline ${new Date(at).toISOString()} passed`));
  });
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() { return timedOut; },
    dispose() {
      timer.cancel();
      parent.removeEventListener('abort', onAbort);
    },
  };
}
