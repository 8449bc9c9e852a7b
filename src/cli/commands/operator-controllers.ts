// The reconciler half of `ark operator`: the controllers that run while this replica holds
// the Lease `arkonis-operator` (or always, with --no-leader-elect). Each entry is one
// `{ start, stop }` unit over the shared clients; they are built anew on every acquisition.
import type { Registry } from 'prom-client';
import type { UsageLedger } from '../../budget/index.js';
import type { Clock } from '../../engine/clock.js';
import type { KubeClients } from '../../kube/client.js';
import { resourceControllers } from '../../controller/manager.js';
import type { Controller } from '../../controller/manager.js';
import { controllerMetrics } from '../../controller/metrics.js';
import { LeaderElector } from '../../controller/leader/elector.js';
import { eventRecorder } from '../../kube/events.js';
import { KubeLease } from '../../kube/lease.js';
import { startRunController } from '../../controller/runs/index.js';
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

/** The controllers, under leader election unless --no-leader-elect; `stop(false)` leaves the Lease to expire. */
export async function electedControllers(context: ControllerContext): Promise<{ stop(release: boolean): Promise<void> }> {
  const { flags, clients, clock, log } = context;
  redisUrl(flags);
  if (!flags.leaderElect) {
    const controllers = await startControllers(context);
    return { stop: () => controllers.stop() };
  }
  let running: Controller | undefined;
  const elector = new LeaderElector({
    lease: new KubeLease(clients.config, flags.namespace, 'arkonis-operator'), clock, identity: flags.leaseIdentity, log,
    timings: { leaseDurationSeconds: flags.leaseDurationSeconds, renewDeadlineSeconds: flags.leaseRenewSeconds, retrySeconds: flags.leaseRetrySeconds },
  }, {
    start: async () => { running = await startControllers(context); },
    stop: async () => { await running?.stop(); running = undefined; },
  });
  await elector.start();
  return { stop: (release) => elector.stop(release) };
}

function redisUrl(flags: OperatorFlags): string {
  if (flags.redisUrl === undefined) {
    throw new UsageError(['--redis-url: required by the controllers (the agent pods\' TASK_QUEUE_URL); fix: pass --redis-url redis://<host>:6379, or --no-controllers']);
  }
  return flags.redisUrl;
}

/** Metrics are registered once per registry, however often the Lease is regained. */
const metricsByRegistry = new WeakMap<Registry, ReturnType<typeof controllerMetrics>>();

function metricsOf(registry: Registry): ReturnType<typeof controllerMetrics> {
  let metrics = metricsByRegistry.get(registry);
  if (!metrics) metricsByRegistry.set(registry, (metrics = controllerMetrics(registry)));
  return metrics;
}

export async function startControllers(context: ControllerContext): Promise<Controller> {
  const { flags, clients, clock, log } = context;
  const metrics = metricsOf(context.registry);
  // Handed to every controller, the ArkRun controller too.
  const recordEvent = eventRecorder(clients.config, clock, log);
  const controllers: Controller[] = [
    resourceControllers({
      config: clients.config, clock, metrics, log, recordEvent, redisUrl: redisUrl(flags),
      image: flags.agentImage ?? `ghcr.io/arkonis/ark:${packageVersion()}`, imagePullPolicy: flags.agentImagePullPolicy ?? 'IfNotPresent',
      ...(context.ledger ? { ledger: context.ledger } : {}),
    }),
    runController({ clients, redisUrl: redisUrl(flags), clock, log, registry: context.registry, recordEvent }),
  ];
  for (const controller of controllers) await controller.start();
  log(`operator: controllers running (${controllers.length})`);
  return { start: async () => undefined, stop: async () => { for (const controller of controllers.reverse()) await controller.stop(); } };
}

/** The ArkRun controller as a `{ start, stop }` unit (it starts when asked, like the others). */
function runController(deps: Parameters<typeof startRunController>[0]): Controller {
  let running: { stop(): Promise<void> } | undefined;
  return {
    start: async () => { running = await startRunController(deps); },
    stop: async () => { await running?.stop(); running = undefined; },
  };
}
