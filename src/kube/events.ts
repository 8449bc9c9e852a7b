// A small Kubernetes Event recorder (core v1 Events, which kubectl describe shows). Fire and
// forget: a failed write is logged, never thrown. A burst of the same event (same object,
// reason and message) within the dedupe window is written once.
import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Clock } from '../engine/clock.js';

export interface EventTarget {
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

export type RecordEvent = (regarding: EventTarget, type: 'Normal' | 'Warning', reason: string, message: string) => void;

const DEDUPE_MS = 60_000;
const COMPONENT = 'arkonis-operator';

export function eventRecorder(config: KubeConfig, clock: Clock, log: (line: string) => void): RecordEvent {
  const core = config.makeApiClient(CoreV1Api);
  const recent = new Map<string, number>();
  return (regarding, type, reason, message) => {
    const now = clock.now();
    const key = `${regarding.kind}/${regarding.namespace}/${regarding.name}/${reason}/${message}`;
    if ((recent.get(key) ?? -Infinity) > now - DEDUPE_MS) return;
    recent.set(key, now);
    for (const [entry, at] of recent) if (at <= now - DEDUPE_MS) recent.delete(entry);
    const time = new Date(now);
    const body = {
      metadata: { generateName: `${regarding.name}.`, namespace: regarding.namespace },
      involvedObject: { apiVersion: 'arkonis.dev/v1alpha1', ...regarding },
      type, reason, message: message.slice(0, 1024), count: 1, firstTimestamp: time, lastTimestamp: time,
      source: { component: COMPONENT }, reportingComponent: COMPONENT, reportingInstance: COMPONENT,
    };
    core.createNamespacedEvent({ namespace: regarding.namespace, body }).catch((error: Error) => {
      log(`events: ${reason} on ${regarding.kind} ${regarding.namespace}/${regarding.name} not recorded: ${error.message}`);
    });
  };
}
