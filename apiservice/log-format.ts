// A run's events as `kubectl logs`-style lines (C3): `<step or "run"> <event type> <detail>`,
// with `<RFC3339Nano time> ` in front when timestamps are asked for, or one JSON event per
// line. Pure; the detail never holds a prompt or a tool's arguments beyond the event's own
// bounded preview.
import type { LoggedEvent } from '../src/engine/events.js';

export interface LogFormat {
  json: boolean;
  timestamps: boolean;
}

export function formatEvent(event: LoggedEvent, format: LogFormat): string {
  if (format.json) return `${JSON.stringify(event)}\n`;
  const scope = 'step' in event ? event.step : 'run';
  const line = `${scope} ${event.type} ${eventDetail(event)}`.trimEnd();
  return `${format.timestamps ? `${rfc3339Nano(event.time)} ` : ''}${line}\n`;
}

/** Epoch ms as RFC3339 with nanoseconds, as kubectl logs --timestamps prints. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

const tokens = (usage: { total: number }): string => `tokens=${usage.total}`;

export function eventDetail(event: LoggedEvent): string {
  switch (event.type) {
    case 'run.started': return `team=${event.team} steps=${event.steps.join(',')}${event.resumed === true ? ' resumed' : ''}`;
    case 'run.completed': return `phase=${event.phase} ${tokens(event.usage)} duration=${event.durationMs}ms${message(event.message)}`;
    case 'step.started': return `attempt=${event.attempt} iteration=${event.iteration}`;
    case 'step.skipped': return `reason=${JSON.stringify(event.reason)}`;
    case 'step.retry': return `attempt=${event.attempt} reason=${JSON.stringify(event.reason)}`;
    case 'step.iteration': return `iteration=${event.iteration} continue=${event.continue}`;
    case 'step.completed': return `phase=${event.phase} ${tokens(event.usage)}${message(event.message)}`;
    case 'task.submitted': return `task=${event.taskId} role=${event.role} kind=${event.kind}`;
    case 'task.started': return `task=${event.taskId} worker=${event.worker}`;
    case 'task.completed': return `task=${event.taskId} ${tokens(event.usage)} duration=${event.durationMs}ms`;
    case 'task.failed': return `task=${event.taskId} error=${JSON.stringify(event.error)}`;
    case 'llm.started': return `task=${event.taskId} model=${event.model} provider=${event.provider} turn=${event.turn}`;
    case 'llm.retry': return `task=${event.taskId} model=${event.model} attempt=${event.attempt} delay=${event.delayMs}ms reason=${JSON.stringify(event.reason)}`;
    case 'llm.call': return `task=${event.taskId} model=${event.model} turn=${event.turn} ${tokens(event.usage)} duration=${event.durationMs}ms stop=${event.stopReason}`;
    case 'tool.call': return `task=${event.taskId} tool=${event.tool} call=${event.callId}`;
    case 'tool.result': return `task=${event.taskId} tool=${event.tool} call=${event.callId} ok=${event.ok} duration=${event.durationMs}ms`;
    default: return '';
  }
}

function message(text: string | undefined): string {
  return text === undefined || text === '' ? '' : ` message=${JSON.stringify(text)}`;
}

/** The filters of the log route, applied in this order: step, sinceSeconds, tailLines. */
export interface LogFilter {
  step?: string;
  /** Events at or after this time (epoch ms). */
  since?: number;
  tailLines?: number;
}

export function matches(event: LoggedEvent, filter: LogFilter): boolean {
  if (filter.step !== undefined && (!('step' in event) || event.step !== filter.step)) return false;
  return filter.since === undefined || event.time >= filter.since;
}
