// What the operator hands the run controller (it starts it only on the leader replica).
import type { Registry } from 'prom-client';
import type { Clock } from '../../engine/clock.js';
import type { KubeClients } from '../../kube/client.js';
import type { RecordEvent } from '../../kube/events.js';

export type { EventTarget, RecordEvent } from '../../kube/events.js';

export interface RunControllerDeps {
  clients: KubeClients;
  /** redis://host:port: the task queue, run store and run logs. */
  redisUrl: string;
  clock: Clock;
  log: (line: string) => void;
  registry?: Registry;
  recordEvent?: RecordEvent;
}
