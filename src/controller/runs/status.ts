// ArkRun status from a run's stored state: pure, so it is tested without a cluster. Outputs
// appear as bounded previews; an output above OUTPUT_PREVIEW_BYTES lives in Redis under
// `outputRef` (the Redis run store puts it there under the same key). Previews shrink as
// the pipeline grows, so an ArkRun stays far under etcd's 1.5 MB whatever the outputs.
import { OUTPUT_PREVIEW_BYTES, type ArkRunStatus, type RunStepStatus } from '../../api/index.js';
import type { RunFields, StoredStep } from '../../engine/run-store.js';
import { outputKey } from '../../queue/names.js';

/** All step previews together stay within this many bytes (plus the run output's). */
export const STEP_PREVIEWS_BUDGET_BYTES = 256 * 1024;
/** A step preview is never cut below this, so every step shows something. */
export const MIN_STEP_PREVIEW_BYTES = 64;
/** Longest message kept in status (step or run): a long error is cut, never dropped. */
export const MAX_MESSAGE_BYTES = 2048;

export interface RunView {
  runId: string;
  /** Run-level fields as last saved; undefined before the engine saved any. */
  run: RunFields | undefined;
  /** Every step of the plan, in pipeline order: saved ones with their state, others Pending. */
  steps: StoredStep[];
  /** Replaces the engine's message (e.g. who cancelled the run). */
  message?: string;
  observedRetry?: string;
  observedGeneration?: number;
}

/** Cuts `text` to at most `bytes` UTF-8 bytes at a character boundary, marking the cut. */
export function preview(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  const marker = '…';
  let cut = text.slice(0, Math.max(0, bytes - 3));
  while (Buffer.byteLength(cut) > bytes - 3) cut = cut.slice(0, -1);
  // Never leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + marker;
}

/** The preview size of each step of a run with `steps` steps. */
export function stepPreviewBytes(steps: number): number {
  const share = Math.floor(STEP_PREVIEWS_BUDGET_BYTES / Math.max(1, steps));
  return Math.max(MIN_STEP_PREVIEW_BYTES, Math.min(OUTPUT_PREVIEW_BYTES, share));
}

export function projectStatus(view: RunView): ArkRunStatus {
  const { run } = view;
  const status: ArkRunStatus = { phase: run?.phase ?? 'Pending' };
  const limit = stepPreviewBytes(view.steps.length);
  status.steps = view.steps.map((step) => projectStep(view.runId, step, limit));
  if (run) {
    status.startTime = iso(run.startTime);
    status.totalTokenUsage = { ...run.usage };
    if (run.completionTime !== undefined) {
      status.completionTime = iso(run.completionTime);
      status.durationSeconds = Math.max(0, run.completionTime - run.startTime) / 1000;
    }
    if (run.output !== undefined) Object.assign(status, outputFields(run.output, OUTPUT_PREVIEW_BYTES, outputKey(view.runId)));
    if (run.failedStep !== undefined) status.failedStep = run.failedStep;
  }
  const message = view.message ?? run?.message;
  if (message !== undefined) status.message = preview(message, MAX_MESSAGE_BYTES);
  if (view.observedRetry !== undefined) status.observedRetry = view.observedRetry;
  if (view.observedGeneration !== undefined) status.observedGeneration = view.observedGeneration;
  return status;
}

function projectStep(runId: string, step: StoredStep, limit: number): RunStepStatus {
  const { output, outputRef: _ref, message, tokenUsage, ...rest } = step;
  const status: RunStepStatus = { ...rest };
  if (tokenUsage) status.tokenUsage = { ...tokenUsage };
  if (message !== undefined) status.message = preview(message, MAX_MESSAGE_BYTES);
  if (output !== undefined) Object.assign(status, outputFields(output, limit, outputKey(runId, step.name)));
  return status;
}

/** The preview, and the reference to the full output when the run store keeps it apart. */
function outputFields(output: string, limit: number, ref: string): { output: string; outputRef?: string } {
  const fields: { output: string; outputRef?: string } = { output: preview(output, limit) };
  if (Buffer.byteLength(output) > OUTPUT_PREVIEW_BYTES) fields.outputRef = ref;
  return fields;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * The status as a JSON merge patch body: every status field is present, those without a
 * value as null, so a field cleared by a retry is removed from the object too.
 */
export function statusPatch(status: ArkRunStatus): { status: Record<string, unknown> } {
  const fields: Record<string, unknown> = {};
  for (const key of STATUS_KEYS) fields[key] = status[key] ?? null;
  return { status: fields };
}

const STATUS_KEYS = [
  'phase', 'startTime', 'completionTime', 'durationSeconds', 'output', 'outputRef', 'message', 'failedStep',
  'steps', 'totalTokenUsage', 'observedGeneration', 'observedRetry',
] as const satisfies readonly (keyof ArkRunStatus)[];
