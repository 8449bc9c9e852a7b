// RunStore in memory: for `ark run` (one run per process) and tests. Saved records are
// copies, so a caller changing its objects afterwards cannot change what was saved. Steps
// and run fields are flat records (token usage is their one nested object), so a shallow
// copy of each level is a full copy, and far cheaper than structuredClone on a wide DAG.
import type { TokenUsage } from '../api/index.js';
import type { RunFields, RunRecord, RunStore, RunUpdate, StoredStep } from '../engine/run-store.js';

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, { run?: RunFields; steps: Map<string, StoredStep> }>();

  async load(runId: string): Promise<RunRecord | undefined> {
    const saved = this.runs.get(runId);
    if (!saved?.run) return undefined;
    return { ...copy(saved.run), runId, steps: [...saved.steps.values()].map(copy) };
  }

  async save(update: RunUpdate): Promise<void> {
    let saved = this.runs.get(update.runId);
    if (!saved) this.runs.set(update.runId, (saved = { steps: new Map() }));
    if (update.run) saved.run = copy(update.run);
    for (const step of update.steps) saved.steps.set(step.name, copy(step));
  }
}

function copy<T extends { tokenUsage?: TokenUsage; usage?: TokenUsage }>(record: T): T {
  const copied = { ...record };
  if (record.tokenUsage) copied.tokenUsage = { ...record.tokenUsage };
  if (record.usage) copied.usage = { ...record.usage };
  return copied;
}
