// The aggregated API as a part of `ark operator`: started from the operator's composition
// root with the clients it already built (kube config, watched caches, usage snapshot),
// pushing its shutdown steps on the operator's stack. With --dev-register it serves on
// 127.0.0.1 with a dev cert that also names its Service, and registers the APIService
// (removed again on a clean exit).
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { UsageSnapshot } from '../src/budget/index.js';
import type { Clock } from '../src/engine/clock.js';
import type { ArkCache } from '../src/kube/ark-cache.js';
import { ensureDevCerts } from '../src/server/dev-certs.js';
import type { TlsFiles } from '../src/server/tls.js';
import { DEFAULT_SERVICE_NAME, registerApiService, removeApiService } from './registration.js';
import { serveApi } from './server.js';
import type { RunningApiServer } from './server.js';

export interface ApiServerFlags {
  host: string;
  port: number;
  tls: TlsFiles;
  redisUrl?: string | undefined;
  /** The operator's namespace: where the dev Service goes. */
  namespace: string;
  devRegister: boolean;
  devCertDir: string;
}

export interface OperatorContext {
  kubeConfig: KubeConfig;
  clock: Clock;
  cache: ArkCache;
  /** Undefined with --no-budgets. */
  usage?: { current(): UsageSnapshot } | undefined;
  /** Shutdown steps of the operator, run in reverse order. */
  stack: (() => Promise<void> | void)[];
  log(line: string): void;
}

export async function startApiServer(context: OperatorContext, flags: ApiServerFlags): Promise<RunningApiServer> {
  if (flags.redisUrl === undefined) {
    throw new Error('--redis-url: the aggregated API reads run logs and queues tasks in Redis (or set TASK_QUEUE_URL); fix: pass --redis-url redis://<host>:6379, or --no-apiservice');
  }
  const service = { name: DEFAULT_SERVICE_NAME, namespace: flags.namespace };
  const dev = flags.devRegister ? await ensureDevCerts(join(flags.devCertDir, 'apiservice'), Date.now(), [service]) : undefined;
  const { cache, usage } = context;
  const server = await serveApi({
    kubeConfig: context.kubeConfig, clock: context.clock, redisUrl: flags.redisUrl, log: context.log,
    ...(usage !== undefined ? { budgets: { budgets: (ns) => cache.budgets(ns), teams: (ns) => cache.teams(ns), team: (ns, name) => cache.team(ns, name), usage: () => usage.current() } } : {}),
  }, { host: flags.devRegister ? '127.0.0.1' : flags.host, port: flags.port, tls: dev ?? flags.tls });
  context.stack.push(() => server.close());
  context.log(`operator: aggregated API runtime.arkonis.dev on ${server.url}`);
  if (dev !== undefined) {
    const target = { serviceName: service.name, namespace: service.namespace, port: server.port, caPem: dev.caPem };
    context.stack.push(async () => {
      await removeApiService(context.kubeConfig, target);
      context.log(`operator: removed APIService v1alpha1.runtime.arkonis.dev and Service ${service.namespace}/${service.name}`);
    });
    await registerApiService(context.kubeConfig, target);
    context.log(`operator: registered APIService v1alpha1.runtime.arkonis.dev → Service ${service.namespace}/${service.name} (ExternalName localhost:${server.port})`);
  }
  return server;
}
