// Reconcile and work-queue metrics in controller-runtime's vocabulary, on the operator's
// prom-client registry, so existing dashboards for Go operators read ARKONIS as they are.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ReconcileOutcome } from './result.js';
import type { QueueObserver } from './work-queue.js';

export interface ControllerMetrics {
  observer(controller: string): QueueObserver;
}

const RESULT: Record<ReconcileOutcome, string> = { success: 'success', requeue_after: 'requeue_after', error: 'error', terminal: 'error' };

export function controllerMetrics(registry: Registry): ControllerMetrics {
  const registers = [registry];
  const buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];
  const total = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Reconciliations per controller and result.', labelNames: ['controller', 'result'], registers });
  const errors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Reconciliations that failed.', labelNames: ['controller'], registers });
  const time = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Time of one reconciliation.', labelNames: ['controller'], buckets, registers });
  const depth = new Gauge({ name: 'workqueue_depth', help: 'Keys waiting in the work queue.', labelNames: ['name'], registers });
  const adds = new Counter({ name: 'workqueue_adds_total', help: 'Keys added to the work queue.', labelNames: ['name'], registers });
  const queued = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'Time a key waited before processing.', labelNames: ['name'], buckets, registers });
  const work = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'Time processing one key took.', labelNames: ['name'], buckets, registers });
  const retries = new Counter({ name: 'workqueue_retries_total', help: 'Keys re-queued after a failure.', labelNames: ['name'], registers });
  return {
    observer: (controller) => ({
      added: () => adds.inc({ name: controller }),
      depth: (n) => depth.set({ name: controller }, n),
      queued: (seconds) => queued.observe({ name: controller }, seconds),
      worked(seconds, outcome) {
        work.observe({ name: controller }, seconds);
        time.observe({ controller }, seconds);
        total.inc({ controller, result: RESULT[outcome] });
        if (outcome === 'error' || outcome === 'terminal') errors.inc({ controller });
      },
      retried: () => retries.inc({ name: controller }),
    }),
  };
}
