// Every run that ends has a run.completed in its log, so whoever follows the log (ark logs
// -f, ark trigger --watch, ?follow=true) sees it end. The engine appends it when it runs
// the run; this covers the ends it does not log: a spec the controller refuses, a plan the
// engine cannot build, an end saved before a restart whose event was not appended yet, or
// an append lost to a Redis error.
import type { ArkRunStatus } from '../../api/index.js';
import { ZERO_USAGE } from '../../core/usage.js';
import type { EventLog, EventRecorder } from '../../engine/event-log.js';
import { isTerminal } from './decide.js';

export interface LogEnd {
  log: EventLog;
  recorder: EventRecorder;
  now(): number;
}

/** Appends the run.completed of a terminal `status` unless the log already shows the run ended. */
export async function logRunEnd(deps: LogEnd, runId: string, status: ArkRunStatus): Promise<void> {
  const phase = status.phase;
  if (phase === undefined || !isTerminal(phase) || (await deps.log.ended(runId))) return;
  deps.recorder.emit({
    type: 'run.completed', time: deps.now(), runId, phase,
    usage: status.totalTokenUsage ?? ZERO_USAGE,
    durationMs: Math.round((status.durationSeconds ?? 0) * 1000),
    ...(status.message !== undefined ? { message: status.message } : {}),
  });
  await deps.recorder.release(runId);
}
