// The reconciler half of `ark operator`: the controllers that run while this replica holds
// the lease. Each entry is one `{ start, stop }` unit over the shared clients.
import type { Registry } from 'prom-client';
import type { UsageLedger } from '../../budget/index.js';
import type { Clock } from '../../engine/clock.js';
import type { KubeClients } from '../../kube/client.js';
import { resourceControllers } from '../../controller/manager.js';
import type { Controller } from '../../controller/manager.js';
import { controllerMetrics } from '../../controller/metrics.js';
import { eventRecorder } from '../../kube/events.js';
import { packageVersion } from '../version.js';
import { UsageError } from './io.js';
import type { OperatorFlags } from './operator.js';

export interface ControllerContext {
  flags: OperatorFlags;
  clients: KubeClients;
  clock: Clock;
  registry: Registry;
  ledger?: UsageLedger;
  log(line: string): void;
}

export async function startControllers(context: ControllerContext): Promise<Controller> {
  const { flags, clients, clock, log } = context;
  if (flags.redisUrl === undefined) {
    throw new UsageError(['--redis-url: required by the controllers (the agent pods\' TASK_QUEUE_URL); fix: pass --redis-url redis://<host>:6379, or --no-controllers']);
  }
  const metrics = controllerMetrics(context.registry);
  // Handed to every controller, the ArkRun controller too.
  const recordEvent = eventRecorder(clients.config, clock, log);
  const controllers: Controller[] = [
    resourceControllers({
      config: clients.config, clock, metrics, log, recordEvent, redisUrl: flags.redisUrl,
      image: flags.agentImage ?? `ghcr.io/arkonis/ark:${packageVersion()}`, imagePullPolicy: flags.agentImagePullPolicy ?? 'IfNotPresent',
      ...(context.ledger ? { ledger: context.ledger } : {}),
    }),
    // The ArkRun controller (src/controller/runs, startRunController(deps)) joins this list.
  ];
  for (const controller of controllers) await controller.start();
  log(`operator: controllers running (${controllers.length})`);
  return { start: async () => undefined, stop: async () => { for (const controller of controllers.reverse()) await controller.stop(); } };
}
