// The one event model: every happening of a run is a typed record. `ark run --watch`, the
// run log subresource, metrics and traces all read this stream.
import type { RunPhase, StepPhase, TokenUsage } from '../api/index.js';
import { errorMessage } from '../core/errors.js';
import type { Telemetry } from '../telemetry/types.js';

interface Base {
  /** Epoch milliseconds. */
  time: number;
  runId: string;
}
interface StepBase extends Base {
  step: string;
}
interface TaskBase extends StepBase {
  taskId: string;
}

export type RunEvent =
  | (Base & { type: 'run.started'; team: string; steps: string[]; resumed?: boolean })
  | (Base & { type: 'run.completed'; phase: RunPhase; message?: string; usage: TokenUsage; durationMs: number })
  | (StepBase & { type: 'step.started'; attempt: number; iteration: number })
  | (StepBase & { type: 'step.skipped'; reason: string })
  | (StepBase & { type: 'step.retry'; attempt: number; reason: string })
  | (StepBase & { type: 'step.iteration'; iteration: number; continue: boolean })
  | (StepBase & { type: 'step.completed'; phase: StepPhase; usage: TokenUsage; message?: string })
  | (TaskBase & { type: 'task.submitted'; role: string; kind: TaskKind })
  | (TaskBase & { type: 'task.started'; role: string; worker: string })
  | (TaskBase & { type: 'task.completed'; usage: TokenUsage; durationMs: number })
  | (TaskBase & { type: 'task.failed'; error: string })
  | (TaskBase & { type: 'llm.started'; model: string; provider: string; endpoint?: string; turn: number })
  | (TaskBase & { type: 'llm.retry'; model: string; attempt: number; delayMs: number; reason: string })
  | (TaskBase & { type: 'llm.call'; model: string; turn: number; usage: TokenUsage; durationMs: number; stopReason: string })
  | (TaskBase & { type: 'tool.call'; tool: string; callId: string; arguments: string })
  | (TaskBase & { type: 'tool.result'; tool: string; callId: string; ok: boolean; preview: string; durationMs: number });

export type RunEventType = RunEvent['type'];
export type TaskKind = 'step' | 'validate' | 'delegate';

/** An event as stored in a run's log: `seq` is its position, 1, 2, 3 … per run. */
export type LoggedEvent = RunEvent & { seq: number };

export interface EventSink {
  /**
   * Records the event and returns at once (writing may happen later). Events of one run
   * reach the sink's store in the order they were emitted.
   */
  emit(event: RunEvent): void;
}

/**
 * Fans one event out to several sinks. A sink that throws never breaks the run, and is
 * not silently ignored either: it is counted and logged.
 */
export function fanOut(telemetry: Telemetry, ...sinks: EventSink[]): EventSink {
  return {
    emit(event) {
      for (const sink of sinks) {
        try {
          sink.emit(event);
        } catch (error) {
          reportSinkFailure(telemetry, 'observer', error);
        }
      }
    },
  };
}

export function reportSinkFailure(telemetry: Telemetry, sink: string, error: unknown): void {
  telemetry.metrics.increment('arkonis_event_sink_failures_total', { sink });
  telemetry.logger.warn(`event sink ${sink} failed: ${errorMessage(error)}`, { sink });
}

export const discardEvents: EventSink = { emit() {} };
