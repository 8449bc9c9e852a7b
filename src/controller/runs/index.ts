// The ArkRun controller's entry point, started by `ark operator` on the leader replica.
// Run ids (runIdOf) and the retry / cancel annotations are shared with the aggregated API.
import { Gauge } from 'prom-client';
import { RunController } from './controller.js';
import type { RunControllerDeps } from './types.js';

export { runIdOf, runKeyOf, RUN_ANNOTATIONS } from '../../core/run-requests.js';
export type { RunControllerDeps, RecordEvent, EventTarget } from './types.js';

export async function startRunController(deps: RunControllerDeps): Promise<{ stop(): Promise<void> }> {
  const controller = new RunController(deps);
  if (deps.registry) {
    // A replica that loses and regains the Lease starts a new controller: the gauge follows it.
    deps.registry.removeSingleMetric('arkonis_runs_active');
    new Gauge({
      name: 'arkonis_runs_active', help: 'ArkRuns this operator is driving now.', registers: [deps.registry],
      collect() { this.set(controller.activeRuns); },
    });
  }
  await controller.start();
  deps.log('runs: watching ArkRuns in every namespace');
  return { stop: () => controller.stop() };
}
