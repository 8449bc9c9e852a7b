// How remote runs are shown: kubectl-style tables (upper-case headers, columns padded to
// the widest cell, three spaces apart, `<none>` for a missing value, ages as kubectl
// prints them) and the summary line `ark run` ends with. Pure: tested without a server.
import type { RunResult } from '../../engine/run.js';
import { summaryLine } from '../report.js';
import type { ArkRunObject, TaskObject } from './api.js';

/** Rows of cells as one aligned table; the last column is not padded. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('   ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** kubectl's HumanDuration: 45s, 3m20s, 2h5m, 3d4h, 400d, 2y30d. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** The age of an RFC 3339 time at `now`, or `<none>` when unset or unreadable. */
export function age(time: string | undefined, now: number): string {
  const at = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(at) ? '<none>' : humanDuration(now - at);
}

/** `ark status`: the runs of a namespace, newest first, with the ArkRun printer columns. */
export function runsTable(runs: ArkRunObject[], now: number): string[] {
  const sorted = [...runs].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  return table(['NAME', 'TEAM', 'PHASE', 'TOKENS', 'STARTED', 'AGE'], sorted.map((run) => [
    run.metadata.name,
    run.spec?.teamRef?.name ?? '<none>',
    run.status?.phase ?? 'Pending',
    String(run.status?.totalTokenUsage?.total ?? 0),
    age(run.status?.startTime, now),
    age(run.metadata.creationTimestamp, now),
  ]));
}

/** `ark status <run>`: the run's fields, then one row per step. */
export function runDetail(run: ArkRunObject, now: number): string[] {
  const status = run.status ?? {};
  const fields: [string, string | undefined][] = [
    ['Name', run.metadata.name], ['Namespace', run.metadata.namespace], ['Team', run.spec?.teamRef?.name],
    ['Phase', status.phase ?? 'Pending'], ['Started', status.startTime], ['Duration', duration(status.startTime, status.completionTime, now)],
    ['Tokens', String(status.totalTokenUsage?.total ?? 0)], ['Failed step', status.failedStep], ['Message', status.message],
  ];
  const head = fields.filter(([, value]) => value !== undefined && value !== '').map(([key, value]) => `${`${key}:`.padEnd(13)}${value}`);
  const steps = status.steps ?? [];
  if (steps.length === 0) return [...head, '', 'No steps yet.'];
  const rows = steps.map((step) => [
    step.name, step.phase, String(step.attempts ?? 0), String(step.tokenUsage?.total ?? 0),
    duration(step.startTime, step.completionTime, now) ?? '-', (step.message ?? '').replace(/\s+/g, ' ').slice(0, 100),
  ]);
  return [...head, '', ...table(['STEP', 'PHASE', 'ATTEMPTS', 'TOKENS', 'DURATION', 'MESSAGE'], rows)];
}

/** `ark status task-<id>`: the Task's fields, its times and its output or message. */
export function taskDetail(task: TaskObject, now: number): string[] {
  const status = task.status ?? {};
  const wait = status.queueWaitSeconds;
  const fields: [string, string | undefined][] = [
    ['Name', task.metadata.name], ['Namespace', task.metadata.namespace], ['Target', task.spec.target],
    ['Phase', status.phase ?? 'Pending'], ['Created', task.metadata.creationTimestamp], ['Started', status.startTime],
    ['Queue wait', wait === undefined ? undefined : `${wait.toFixed(2)}s`], ['Completed', status.completionTime],
    ['Duration', duration(status.startTime, status.completionTime, now, 2)],
    ['Tokens', status.tokenUsage === undefined ? undefined : String(status.tokenUsage.total)], ['Message', status.message],
  ];
  const head = fields.filter(([, value]) => value !== undefined && value !== '').map(([key, value]) => `${`${key}:`.padEnd(13)}${value}`);
  return status.output === undefined ? head : [...head, '', status.output];
}

function duration(start: string | undefined, end: string | undefined, now: number, digits = 1): string | undefined {
  if (start === undefined) return undefined;
  const from = Date.parse(start);
  const to = end === undefined ? now : Date.parse(end);
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : `${((to - from) / 1000).toFixed(digits)}s`;
}

/** The line `ark run` ends with (`Succeeded in 1.20s · 1,234 tokens`), from a finished ArkRun. */
export function runSummary(run: ArkRunObject): string {
  const status = run.status ?? {};
  const start = Date.parse(status.startTime ?? run.metadata.creationTimestamp ?? '');
  const end = Date.parse(status.completionTime ?? '');
  const result: RunResult = {
    phase: status.phase ?? 'Pending', steps: status.steps ?? [], outputs: new Map(),
    usage: { input: status.totalTokenUsage?.input ?? 0, output: status.totalTokenUsage?.output ?? 0, total: status.totalTokenUsage?.total ?? 0 },
    startTime: Number.isNaN(start) ? 0 : start,
    completionTime: Number.isNaN(end) || Number.isNaN(start) ? (Number.isNaN(start) ? 0 : start) + (status.durationSeconds ?? 0) * 1000 : end,
    ...(status.message ? { message: status.message } : {}),
    ...(status.failedStep ? { failedStep: status.failedStep } : {}),
  };
  return summaryLine(result);
}
