// A RunStore that passes every save on to the real store (Redis) and keeps the run's
// latest state in memory, so the controller projects ArkRun status from what the engine
// saves, without reading it back or polling. The engine already coalesces the changes of
// one event-loop turn into one save.
import type { RunFields, RunRecord, RunStore, RunUpdate, StoredStep } from '../../engine/run-store.js';

export class LiveRunStore implements RunStore {
  run: RunFields | undefined;
  private readonly steps = new Map<string, StoredStep>();

  constructor(
    private readonly inner: RunStore,
    /** The step names of the plan, in pipeline order: status lists every one. */
    private readonly stepNames: readonly string[],
    /** Called on each save. */
    private readonly onSaved: () => void,
  ) {}

  /** Starts from what the store holds (a resumed or retried run). */
  async load(runId: string): Promise<RunRecord | undefined> {
    const record = await this.inner.load(runId);
    if (record) this.adopt(record);
    return record;
  }

  /** Takes a record as the current state (after resetForRetry, before it is saved). */
  adopt(record: RunRecord): void {
    const { runId: _id, steps, ...fields } = record;
    this.run = fields;
    for (const step of steps) this.steps.set(step.name, step);
  }

  /** The view changes first: status follows the run even while Redis is away. */
  async save(update: RunUpdate): Promise<void> {
    if (update.run) this.run = update.run;
    for (const step of update.steps) this.steps.set(step.name, step);
    this.onSaved();
    await this.inner.save(update);
  }

  /** Every step of the plan in order; a step never saved is Pending. */
  stepList(): StoredStep[] {
    return this.stepNames.map((name) => this.steps.get(name) ?? { name, phase: 'Pending' });
  }
}
