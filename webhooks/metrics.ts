// Admission metrics: requests by webhook, kind, operation and verdict, and a latency
// histogram by webhook and verdict. Kind is one of ours or "other", so a caller sending
// arbitrary kinds cannot grow the label set.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { isKindName } from '../src/api/index.js';
import type { AdmissionOutcome, WebhookName } from './admit.js';

export interface AdmissionMetrics {
  observe(webhook: WebhookName, outcome: AdmissionOutcome, seconds: number): void;
}

export function admissionMetrics(registry: Registry): AdmissionMetrics {
  const requests = new Counter({
    name: 'arkonis_admission_requests_total',
    help: 'Admission reviews answered, by webhook, object kind, operation and verdict (allowed, patched, denied, bad-request, error).',
    labelNames: ['webhook', 'kind', 'operation', 'verdict'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'arkonis_admission_duration_seconds',
    help: 'Time from a parsed admission review to its answer, by webhook and verdict.',
    labelNames: ['webhook', 'verdict'] as const,
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  return {
    observe(webhook, outcome, seconds) {
      const kind = isKindName(outcome.kind) ? outcome.kind : 'other';
      requests.inc({ webhook, kind, operation: outcome.operation, verdict: outcome.verdict });
      latency.observe({ webhook, verdict: outcome.verdict }, seconds);
    },
  };
}
