// A clock for tests: time moves only when the test says so, and due timers fire in order.
import type { Clock, Timer } from './clock.js';

interface Pending { at: number; seq: number; fire: () => void; cancelled: boolean }

export class FakeClock implements Clock {
  private timers: Pending[] = [];
  private seq = 0;

  constructor(private time = Date.UTC(2026, 11, 1, 12)) {}

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fire: () => void): Timer {
    const timer: Pending = { at: this.time + Math.max(0, ms), seq: this.seq++, fire, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Timers not yet fired or cancelled. */
  get pending(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (in time order)
   * and letting promise callbacks run after each, so chains of timers behave as in real time.
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const next = this.nextDue(end);
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      next.cancelled = true;
      next.fire();
    }
    this.time = end;
    await settle();
  }

  private nextDue(end: number): Pending | undefined {
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    let best: Pending | undefined;
    for (const timer of this.timers) {
      if (timer.at <= end && (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq))) best = timer;
    }
    return best;
  }
}

/** Lets pending promise callbacks and I/O-free async work run to quiescence. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock whose timers fire on the next turn of the event loop, whatever they asked for,
 * recording each requested wait: for code whose waits should be checked, not waited.
 */
export class InstantClock implements Clock {
  readonly waits: number[] = [];

  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fire: () => void): Timer {
    this.waits.push(ms);
    const handle = setImmediate(fire);
    return { cancel: () => clearImmediate(handle) };
  }
}
