// `ark operator`: the in-cluster entry point and composition root. It builds the shared
// clients once (kube, Redis, metrics) and starts the parts that are switched on; today
// that is the admission webhook server (later also the reconciler and the aggregated API).
// With --dev-register it serves on 127.0.0.1 with dev certs and registers the webhook
// configurations against the current cluster, removing them again on SIGTERM/SIGINT.
import { Redis } from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { RedisUsageLedger, UsageCache } from '../../budget/index.js';
import { DEFAULT_DEV_CERT_DIR } from '../../config/operator.js';
import type { UsageLedger } from '../../budget/index.js';
import { systemClock } from '../../engine/ports.js';
import type { Clock } from '../../engine/ports.js';
import { ArkCache } from '../../kube/ark-cache.js';
import { kubeClients } from '../../kube/client.js';
import type { KubeClients } from '../../kube/client.js';
import { registerWebhookConfigurations, removeWebhookConfigurations } from '../../kube/registration.js';
import { ensureDevCerts } from '../../server/dev-certs.js';
import { observabilityApp } from '../../server/health.js';
import type { ReadinessCheck } from '../../server/health.js';
import { listenHttp } from '../../server/listen.js';
import type { RunningServer } from '../../server/listen.js';
import { excludeNamespaces, onlyNamespace, webhookConfigurations } from '../../../webhooks/configurations.js';
import { admissionMetrics } from '../../../webhooks/metrics.js';
import { startWebhookServer } from '../../../webhooks/server.js';
import { startApiServer } from '../../../apiservice/index.js';
import { UsageError } from './io.js';
import { electedControllers } from './operator-controllers.js';
import { tuneOperatorHeap } from './operator-heap.js';
import type { Io } from './io.js';

export interface OperatorFlags {
  kubeconfig?: string;
  webhooks: boolean;
  budgets: boolean;
  /** Run the reconciler; the CLI turns it on unless --no-controllers (undefined = off). */
  controllers?: boolean;
  agentImage?: string;
  agentImagePullPolicy?: string;
  host: string;
  webhookPort: number;
  /** Serve the aggregated API (off when not given, for callers that predate it). */
  apiservice?: boolean;
  apiservicePort?: number;
  metricsPort: number;
  tlsCertFile: string;
  tlsKeyFile: string;
  redisUrl?: string;
  namespace: string;
  /** Run the controllers only while holding the Lease `arkonis-operator` in `namespace`. */
  leaderElect: boolean;
  leaseDurationSeconds: number;
  leaseRenewSeconds: number;
  leaseRetrySeconds: number;
  /** Holder identity in the Lease: POD_NAME, else hostname_pid. */
  leaseIdentity: string;
  devRegister: boolean;
  devCertDir?: string;
  devNamespace?: string;
  devConfigName: string;
}

/** Replaceable parts, for tests: the clock budgets are checked at, and the usage ledger. */
export interface OperatorOverrides {
  clock?: Clock;
  ledger?: UsageLedger;
}

export interface RunningOperator {
  webhookUrl: string;
  metricsUrl: string;
  stop(): Promise<void>;
  /** Stops without releasing the leader Lease, as a replica that dies would (for tests). */
  crash(): Promise<void>;
}

export async function operatorCommand(flags: OperatorFlags, io: Io, signals: NodeJS.EventEmitter = process): Promise<number> {
  tuneOperatorHeap();
  const running = await startOperator(flags, (line) => io.err(line));
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT']) signals.once(name, () => resolve(name));
  });
  io.err(`operator: ${signal} received, shutting down`);
  await running.stop();
  return 0;
}

export async function startOperator(flags: OperatorFlags, log: (line: string) => void, overrides: OperatorOverrides = {}): Promise<RunningOperator> {
  if (!flags.webhooks) throw new UsageError(['ark operator: every part is switched off (--no-webhooks); fix: drop --no-webhooks']);
  const clock = overrides.clock ?? systemClock;
  const clients = kubeClients(flags.kubeconfig);
  const ledger = flags.budgets ? overrides.ledger ?? redisLedger(flags.redisUrl) : undefined;
  // Shutdown steps, run in reverse order; a ledger handed in belongs to the caller.
  const stack: (() => Promise<void> | void)[] = [];
  if (ledger !== undefined && overrides.ledger === undefined) stack.push(() => ledger.close());
  let release = true;
  const stop = async (): Promise<void> => {
    for (const step of stack.reverse().splice(0)) await Promise.resolve(step()).catch((error: Error) => log(`operator: shutdown step failed: ${error.message}`));
  };
  try {
    const cache = new ArkCache(clients, (error) => log(`kube: ${error.message}: ${String((error.cause as Error | undefined)?.message ?? '')}`));
    stack.push(() => cache.stop());
    await cache.start();
    const usage = ledger === undefined ? undefined : new UsageCache({ ledger, clock, onError: (error) => log(`budgets: usage refresh failed: ${error.message}`) });
    if (ledger !== undefined && usage !== undefined) {
      stack.push(() => usage.stop());
      await usage.start();
    }
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const host = flags.devRegister ? '127.0.0.1' : flags.host;
    const tls = flags.devRegister ? await ensureDevCerts(flags.devCertDir ?? DEFAULT_DEV_CERT_DIR) : undefined;
    const webhooks = await startWebhookServer({ cluster: cache, clock, ...(usage ? { usage } : {}) }, {
      host, port: flags.webhookPort, tls: tls ?? { certFile: flags.tlsCertFile, keyFile: flags.tlsKeyFile }, metrics: admissionMetrics(registry), log,
    });
    stack.push(() => webhooks.close());
    const readiness = new Map<string, ReadinessCheck>([['caches', () => cache.notSynced()]]);
    if (usage) readiness.set('usage', () => (usage.ready() ? undefined : 'token usage not read yet'));
    const metrics = await listenHttp(observabilityApp(registry, readiness), { host, port: flags.metricsPort });
    stack.push(() => metrics.close());
    if (flags.controllers === true) {
      const controllers = await electedControllers({ flags, clients, clock, registry, log, ...(ledger ? { ledger } : {}) });
      stack.push(() => controllers.stop(release));
    }
    if (flags.apiservice === true) {
      const api = await startApiServer({ kubeConfig: clients.config, clock, cache, usage, stack, log }, {
        host, port: flags.apiservicePort ?? 8443, tls: { certFile: flags.tlsCertFile, keyFile: flags.tlsKeyFile }, redisUrl: flags.redisUrl,
        namespace: flags.namespace, devRegister: flags.devRegister, devCertDir: flags.devCertDir ?? DEFAULT_DEV_CERT_DIR,
      });
      readiness.set('apiservice', () => api.notReady());
    }
    log(`operator: webhooks on ${webhooks.url}, metrics and health on ${metrics.url}${usage ? '' : ' (budgets off)'}`);
    if (tls) await devRegister(clients, flags, { webhooks, caPem: tls.caPem }, stack, log);
    return { webhookUrl: webhooks.url, metricsUrl: metrics.url, stop, crash: async () => { release = false; await stop(); } };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Registers both webhook configurations at `served` (the dev server and its CA); undone on stop. */
async function devRegister(clients: KubeClients, flags: OperatorFlags, served: { webhooks: RunningServer; caPem: string },
  stack: (() => Promise<void> | void)[], log: (line: string) => void): Promise<void> {
  const { webhooks, caPem } = served;
  const pair = webhookConfigurations({
    name: flags.devConfigName,
    clientConfig: (path) => ({ url: `https://127.0.0.1:${webhooks.port}${path}`, caBundle: Buffer.from(caPem).toString('base64') }),
    namespaceSelector: flags.devNamespace !== undefined ? onlyNamespace(flags.devNamespace) : excludeNamespaces(flags.namespace),
  });
  // Pushed first: a registration that fails half-way is still cleaned up.
  stack.push(async () => {
    await removeWebhookConfigurations(clients, flags.devConfigName);
    log(`operator: removed webhook configurations ${flags.devConfigName}`);
  });
  await registerWebhookConfigurations(clients, pair);
  log(`operator: registered webhook configurations ${flags.devConfigName} for ${flags.devNamespace !== undefined ? `namespace ${flags.devNamespace}` : `every namespace but ${flags.namespace} and kube-system`}`);
}

function redisLedger(url: string | undefined): UsageLedger {
  if (url === undefined) {
    throw new UsageError(['--redis-url: required to enforce token budgets (or set TASK_QUEUE_URL); fix: pass --redis-url redis://<host>:6379, or --no-budgets']);
  }
  if (!/^rediss?:\/\//.test(url)) throw new UsageError([`--redis-url: "${url}" is not a redis:// or rediss:// URL; fix: pass --redis-url redis://<host>:6379`]);
  return new RedisUsageLedger(new Redis(url, { commandTimeout: 1_000, maxRetriesPerRequest: 1, lazyConnect: false }));
}
