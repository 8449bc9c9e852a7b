// The one event model: every happening of a run is a typed record. `ark run --watch`, the
// run log subresource, metrics and traces all read this stream.
import type { RunPhase, StepPhase, TokenUsage } from '../api/index.js';

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
  | (Base & { type: 'run.started'; team: string; steps: string[] })
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
  | (TaskBase & { type: 'llm.call'; model: string; turn: number; usage: { input: number; output: number }; durationMs: number; stopReason: string })
  | (TaskBase & { type: 'tool.call'; tool: string; callId: string; arguments: string })
  | (TaskBase & { type: 'tool.result'; tool: string; callId: string; ok: boolean; preview: string; durationMs: number });

export type RunEventType = RunEvent['type'];
export type TaskKind = 'step' | 'validate' | 'delegate';

export interface EventSink {
  emit(event: RunEvent): void;
}

/** Fans one event out to several sinks; a failing sink must not break the run. */
export function fanOut(...sinks: EventSink[]): EventSink {
  return {
    emit(event) {
      for (const sink of sinks) {
        try { sink.emit(event); } catch { /* observers never fail a run */ }
      }
    },
  };
}

export const discardEvents: EventSink = { emit() {} };
