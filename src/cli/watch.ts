// `ark run --watch`: a live per-step view. On a terminal the table is redrawn in place;
// elsewhere (CI logs, pipes) each step transition is printed as one line.
import type { RunEvent, EventSink } from '../engine/events.js';

interface Row {
  step: string; phase: string; tokens: number; started?: number; ended?: number; note?: string;
  /** The model call the step waits on, and a retry it waits out, while Running. */
  waiting?: { since: number; on: string };
  retry?: { until: number; reason: string };
}

/** A wait shorter than this is not worth a note. */
const WAIT_NOTE_MS = 1_000;

export interface WatchView extends EventSink {
  /** Stops redrawing and leaves the final table on screen. */
  stop(): void;
}

export function watchView(out: NodeJS.WriteStream, live: boolean): WatchView {
  const rows = new Map<string, Row>();
  let drawnLines = 0;
  // Events only mark the view dirty; the timer redraws at most five times a second, so a
  // wide DAG's event stream never waits on terminal output.
  let dirty = false;
  const draw = (): void => {
    if (!dirty) return;
    dirty = false;
    const lines = table([...rows.values()]);
    const up = drawnLines > 0 ? `\x1b[${drawnLines}F` : '';
    out.write(`${up}${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
    drawnLines = lines.length;
  };
  const tick = (): void => {
    if ([...rows.values()].some((row) => row.phase === 'Running')) dirty = true;
    draw();
  };
  const timer = live ? setInterval(tick, 200) : undefined;
  timer?.unref();
  return {
    emit(event) {
      const line = apply(rows, event);
      // On a terminal the run header is printed once, above the table that is redrawn.
      if (live && event.type === 'run.started' && line) out.write(`${line}\n`);
      if (live) dirty = true;
      else if (line) out.write(`${line}\n`);
    },
    stop() {
      clearInterval(timer);
      dirty = live && rows.size > 0;
      draw();
    },
  };
}

/** Updates the rows; returns the line to print in non-live mode, if the event deserves one. */
function apply(rows: Map<string, Row>, event: RunEvent): string | undefined {
  if (event.type === 'run.started') {
    for (const step of event.steps) rows.set(step, { step, phase: 'Pending', tokens: 0 });
    return `run ${event.runId}: team ${event.team}, ${event.steps.length} step${event.steps.length === 1 ? '' : 's'}`;
  }
  if (!('step' in event)) return undefined;
  const row = rows.get(event.step);
  if (!row) return undefined;
  switch (event.type) {
    case 'step.started':
      row.phase = 'Running';
      row.started ??= event.time;
      return `  ${event.step}: Running${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${event.iteration > 1 ? ` (iteration ${event.iteration})` : ''}`;
    case 'llm.started':
      row.waiting = { since: event.time, on: `${event.model}${event.endpoint ? ` at ${event.endpoint}` : ''}` };
      delete row.retry;
      return undefined;
    case 'llm.retry':
      row.retry = { until: event.time + event.delayMs, reason: event.reason };
      return `  ${event.step}: retrying in ${Math.ceil(event.delayMs / 1000)} s (${event.reason})`;
    case 'llm.call':
      row.tokens += event.usage.input + event.usage.output;
      delete row.waiting;
      delete row.retry;
      return undefined;
    case 'step.retry':
      row.note = `retry: ${event.reason}`;
      return `  ${event.step}: retrying — ${event.reason}`;
    case 'step.completed':
      Object.assign(row, { phase: event.phase, tokens: event.usage.total, ended: event.time });
      if (event.message) row.note = event.message;
      return `  ${event.step}: ${event.phase} (${event.usage.total} tokens, ${seconds(row)})${event.message ? ` — ${event.message}` : ''}`;
    default:
      return undefined;
  }
}

function table(rows: Row[]): string[] {
  const width = Math.max(4, ...rows.map((row) => row.step.length));
  const header = `${'STEP'.padEnd(width)}  ${'PHASE'.padEnd(10)} ${'TOKENS'.padStart(7)} ${'TIME'.padStart(7)}`;
  return [header, ...rows.map((row) => {
    const note = row.phase === 'Failed' ? row.note : row.phase === 'Running' ? progress(row, Date.now()) : undefined;
    return `${row.step.padEnd(width)}  ${row.phase.padEnd(10)} ${String(row.tokens).padStart(7)} ${seconds(row).padStart(7)}${note ? `  ${note.slice(0, 100)}` : ''}`;
  })];
}

/** What a running step waits on: a retry's back-off, or a model call that is taking a while. */
export function progress(row: Pick<Row, 'waiting' | 'retry'>, now: number): string | undefined {
  if (row.retry && row.retry.until > now) return `retrying in ${Math.ceil((row.retry.until - now) / 1000)} s (${row.retry.reason})`;
  const waited = row.waiting ? now - row.waiting.since : 0;
  return row.waiting && waited >= WAIT_NOTE_MS ? `waiting on ${row.waiting.on} ${Math.floor(waited / 1000)} s` : undefined;
}

function seconds(row: Row): string {
  if (row.started === undefined) return '-';
  return `${(((row.ended ?? Date.now()) - row.started) / 1000).toFixed(1)}s`;
}
