// RunStore in memory: for `ark run` (one run per process) and tests. Saved records are
// copies, so a caller changing its objects afterwards cannot change what was saved.
import type { RunRecord, RunStore, RunUpdate, StoredStep } from '../engine/run-store.js';

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, { run?: RunRecord; steps: Map<string, StoredStep> }>();

  async load(runId: string): Promise<RunRecord | undefined> {
    const saved = this.runs.get(runId);
    if (!saved?.run) return undefined;
    return structuredClone({ ...saved.run, steps: [...saved.steps.values()] });
  }

  async save(update: RunUpdate): Promise<void> {
    let saved = this.runs.get(update.runId);
    if (!saved) this.runs.set(update.runId, (saved = { steps: new Map() }));
    if (update.run) saved.run = { ...structuredClone(update.run), runId: update.runId, steps: [] };
    for (const step of update.steps) saved.steps.set(step.name, structuredClone(step));
  }
}
