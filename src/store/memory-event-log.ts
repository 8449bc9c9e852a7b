// EventLog in memory: each run's events in an array, followers woken on append. Bounded:
// a run keeps its newest `maxEventsPerRun` events (older ones are dropped, as a trimmed
// Redis stream drops them).
import { endedIn, type EventLog } from '../engine/event-log.js';
import type { LoggedEvent } from '../engine/events.js';

const DEFAULT_MAX_EVENTS_PER_RUN = 100_000;

export class MemoryEventLog implements EventLog {
  private readonly runs = new Map<string, LoggedEvent[]>();
  private readonly wakers = new Map<string, Set<() => void>>();

  constructor(private readonly maxEventsPerRun = DEFAULT_MAX_EVENTS_PER_RUN) {}

  async append(runId: string, events: readonly LoggedEvent[]): Promise<void> {
    let log = this.runs.get(runId);
    if (!log) this.runs.set(runId, (log = []));
    log.push(...events);
    if (log.length > this.maxEventsPerRun) log.splice(0, log.length - this.maxEventsPerRun);
    for (const wake of this.wakers.get(runId) ?? []) wake();
  }

  async read(runId: string, options: { after?: number; limit?: number } = {}): Promise<LoggedEvent[]> {
    const log = this.runs.get(runId) ?? [];
    const after = options.after ?? 0;
    const from = firstAfter(log, after);
    return log.slice(from, options.limit === undefined ? undefined : from + options.limit);
  }

  async lastSeq(runId: string): Promise<number> {
    return this.runs.get(runId)?.at(-1)?.seq ?? 0;
  }

  async ended(runId: string): Promise<boolean> {
    return endedIn(this.runs.get(runId) ?? []) === true;
  }

  async *follow(runId: string, after: number, signal: AbortSignal): AsyncIterable<LoggedEvent> {
    const log = this.runs.get(runId) ?? [];
    const stored = await this.read(runId, { after });
    let position = after;
    for (const event of stored) {
      yield event;
      position = event.seq;
    }
    if (endedIn(stored) ?? endedIn(log.slice(0, firstAfter(log, after))) === true) return;
    while (!signal.aborted) {
      await this.appended(runId, position, signal);
      for (const event of await this.read(runId, { after: position })) {
        yield event;
        position = event.seq;
        if (event.type === 'run.completed') return;
      }
    }
  }

  /** Resolves once the run has an event after `position`, or when the signal fires. */
  private appended(runId: string, position: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if ((this.runs.get(runId)?.at(-1)?.seq ?? 0) > position) return resolve();
      let wakers = this.wakers.get(runId);
      if (!wakers) this.wakers.set(runId, (wakers = new Set()));
      const wake = (): void => {
        wakers.delete(wake);
        if (wakers.size === 0) this.wakers.delete(runId);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      wakers.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}

/** Index of the first event with seq > after (seqs ascend, so binary search). */
function firstAfter(log: readonly LoggedEvent[], after: number): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (log[mid]!.seq <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
