// The event log port: a run's events, stored in order and readable back by another process
// (the run log subresource, `ark logs -f`, `ark run --watch`). Adapters: memory (ark run)
// and Redis Streams (cluster). Every adapter passes src/store/event-log.contract.ts.
import type { Telemetry } from '../telemetry/types.js';
import { reportSinkFailure, type EventSink, type LoggedEvent, type RunEvent } from './events.js';

export interface EventLog {
  /** Appends events of one run, already numbered, in order. */
  append(runId: string, events: readonly LoggedEvent[]): Promise<void>;
  /** The run's events with seq > `after` (default 0), oldest first, at most `limit`. */
  read(runId: string, options?: { after?: number; limit?: number }): Promise<LoggedEvent[]>;
  /**
   * The run's events with seq > `after`, then each new one as it is appended, until the
   * run ends (see `endedIn`): when it had ended by what is stored, after delivering that;
   * otherwise at the next `run.completed`, which is the last event delivered. Waits for a
   * log that does not exist yet. Also ends when `signal` fires, or when the log, once
   * seen, is removed (its ArkRun deleted, its retention passed).
   */
  follow(runId: string, after: number, signal: AbortSignal): AsyncIterable<LoggedEvent>;
  /** The highest seq stored for the run; 0 when it has none. */
  lastSeq(runId: string): Promise<number>;
  /** Whether the stored log shows the run ended (see `endedIn`); false for no log. */
  ended(runId: string): Promise<boolean>;
}

/**
 * Whether a run had ended as of `events` (oldest first): true when the newest `run.started`
 * or `run.completed` among them is a `run.completed`, false when it is a `run.started` (a
 * retry or a resume starts the run again), undefined when neither appears. Other events
 * after a `run.completed` do not reopen the run: runtimes report the tasks a cancel
 * stopped after the engine has ended the run.
 */
export function endedIn(events: readonly RunEvent[]): boolean | undefined {
  for (let index = events.length - 1; index >= 0; index--) {
    const type = events[index]!.type;
    if (type === 'run.completed') return true;
    if (type === 'run.started') return false;
  }
  return undefined;
}

/**
 * The EventSink that writes to an EventLog: numbers each run's events, batches the events
 * emitted in one turn of the event loop into one append, and keeps one append in flight
 * per run so order holds. A failed append is counted and logged and never fails the run.
 */
export class EventRecorder implements EventSink {
  private readonly runs = new Map<string, { seq: number; buffer: LoggedEvent[]; writing: Promise<void> }>();

  constructor(private readonly log: EventLog, private readonly telemetry: Telemetry) {}

  /** Continues numbering after what the log already holds (a resumed run). */
  async resume(runId: string): Promise<void> {
    const seq = await this.log.lastSeq(runId);
    const run = this.run(runId);
    run.seq = Math.max(run.seq, seq);
  }

  /** Numbers the event in place: emitters hand over a fresh object for every event. */
  emit(event: RunEvent): void {
    const run = this.run(event.runId);
    const logged = event as LoggedEvent;
    logged.seq = ++run.seq;
    run.buffer.push(logged);
    if (run.buffer.length === 1) queueMicrotask(() => this.write(event.runId));
  }

  /** Resolves when everything emitted so far is written (or reported as failed). */
  async flush(runId?: string): Promise<void> {
    const runs = runId === undefined ? [...this.runs.keys()] : [runId];
    for (const id of runs) {
      const run = this.runs.get(id);
      if (!run) continue;
      if (run.buffer.length > 0) this.write(id);
      await run.writing;
    }
  }

  /** Forgets a finished run's counter once its events are written. */
  async release(runId: string): Promise<void> {
    await this.flush(runId);
    const run = this.runs.get(runId);
    if (run && run.buffer.length === 0) this.runs.delete(runId);
  }

  private run(runId: string) {
    let run = this.runs.get(runId);
    if (!run) this.runs.set(runId, (run = { seq: 0, buffer: [], writing: Promise.resolve() }));
    return run;
  }

  private write(runId: string): void {
    const run = this.runs.get(runId);
    if (!run || run.buffer.length === 0) return;
    const batch = run.buffer.splice(0);
    run.writing = run.writing
      .then(() => this.log.append(runId, batch))
      .catch((error: unknown) => reportSinkFailure(this.telemetry, 'event-log', error));
  }
}
