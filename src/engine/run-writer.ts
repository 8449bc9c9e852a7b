// Saves a run's changes to its RunStore while it runs. Changes made in one turn of the
// event loop (until its I/O phase) are coalesced into one save, and one save is in flight
// at a time, so a wide DAG does not flood the store and saves land in order. A failed save is counted and
// logged; the run goes on (its state in memory is authoritative while it runs).
import { errorMessage } from '../core/errors.js';
import type { Telemetry } from '../telemetry/types.js';
import type { RunFields, RunStore, StoredStep } from './run-store.js';
import type { RunState } from './run-state.js';

export class RunWriter {
  private run: RunFields | undefined;
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RunStore | undefined,
    private readonly runId: string,
    private readonly state: RunState,
    private readonly telemetry: Telemetry,
  ) {
    state.onChange = () => this.schedule();
  }

  /** Records new run-level fields; they are saved with the next batch. */
  saveRun(fields: RunFields): void {
    this.run = fields;
    this.schedule();
  }

  /** Resolves when every change so far is saved (or reported as failed). */
  async flush(): Promise<void> {
    this.write();
    await this.writing;
  }

  private schedule(): void {
    if (this.scheduled || !this.store) return;
    this.scheduled = true;
    setImmediate(() => this.write());
  }

  private write(): void {
    this.scheduled = false;
    const store = this.store;
    if (!store || (this.run === undefined && this.state.changed.size === 0)) return;
    const steps = [...this.state.changed].map((index) => this.snapshot(index));
    this.state.changed.clear();
    const run = this.run;
    this.run = undefined;
    const update = { runId: this.runId, steps, ...(run ? { run } : {}) };
    this.writing = this.writing.then(() => store.save(update)).catch((error: unknown) => {
      this.telemetry.metrics.increment('arkonis_run_store_failures_total');
      this.telemetry.logger.warn(`run ${this.runId}: saving its state failed: ${errorMessage(error)}`, { runId: this.runId });
    });
  }

  private snapshot(index: number): StoredStep {
    const status = this.state.statuses[index]!;
    const output = this.state.outputs.get(status.name);
    return { ...status, ...(status.tokenUsage ? { tokenUsage: { ...status.tokenUsage } } : {}), ...(output !== undefined ? { output } : {}) };
  }
}
