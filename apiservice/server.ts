// Starts the aggregated API server inside `ark operator`: its Redis connections (queue,
// event log, task records, readiness registry), the kube-apiserver clients it delegates
// authentication and authorization to, and the HTTPS listener that asks for (and itself
// verifies) client certificates. Serves on every replica; needs no leadership.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Clock } from '../src/engine/clock.js';
import { QUEUE_DEFAULTS } from '../src/queue/types.js';
import { closeRedis, connectRedis } from '../src/queue/redis-connection.js';
import { ReadinessRegistry } from '../src/queue/readiness.js';
import { RedisQueue } from '../src/queue/redis.js';
import { listenHttps } from '../src/server/listen.js';
import type { RunningServer } from '../src/server/listen.js';
import type { TlsFiles } from '../src/server/tls.js';
import { RedisEventLog } from '../src/store/redis-event-log.js';
import type { Logger } from '../src/telemetry/types.js';
import { apiApp } from './app.js';
import { AuthSource } from './auth-source.js';
import { watchAuthConfigMap } from './auth-watch.js';
import { CachingAuthorizer } from './authz.js';
import { KubeApi } from './kube.js';
import { RedisTaskRecords } from './task-records.js';
import { TaskService } from './tasks.js';
import type { BudgetView } from './tasks.js';

export interface ApiServerParts {
  kubeConfig: KubeConfig;
  clock: Clock;
  /** redis:// URL of the queues and run logs (TASK_QUEUE_URL). */
  redisUrl: string;
  /** Undefined: budgets are not enforced. */
  budgets?: BudgetView;
  log(line: string): void;
}

export interface ApiServerOptions {
  host: string;
  port: number;
  tls: TlsFiles;
}

export interface RunningApiServer extends RunningServer {
  /** Why it cannot serve yet (for the operator's /readyz), or undefined. */
  notReady(): string | undefined;
}

export async function serveApi(parts: ApiServerParts, options: ApiServerOptions): Promise<RunningApiServer> {
  const logger = lineLogger(parts.log);
  const kube = new KubeApi(parts.kubeConfig, parts.clock);
  const auth = new AuthSource({ feed: (handlers) => watchAuthConfigMap(parts.kubeConfig, handlers), onError: (error) => parts.log(`apiservice: ${error.message}`) });
  const redis = connectRedis(parts.redisUrl, { logger, role: 'apiservice', pipelined: true });
  const queue = new RedisQueue({ url: parts.redisUrl, logger });
  const events = new RedisEventLog(redis, () => connectRedis(parts.redisUrl, { logger, role: 'apiservice-follow' }));
  const tasks = new TaskService({
    cluster: kube, queue, registry: new ReadinessRegistry(redis), records: new RedisTaskRecords(redis, QUEUE_DEFAULTS.resultTtlMs),
    clock: parts.clock, ...(parts.budgets !== undefined ? { budgets: parts.budgets } : {}),
  });
  await auth.start();
  const notReady = (): string | undefined => auth.notReady() ?? (redis.status === 'ready' ? undefined : `redis: ${redis.status}`);
  const app = apiApp({
    authConfig: () => auth.current(), reviewToken: (token) => kube.reviewToken(token),
    authorizer: new CachingAuthorizer((user, attributes) => kube.reviewAccess(user, attributes), { clock: parts.clock }),
    clock: parts.clock, log: parts.log, cluster: kube, events, tasks, notReady,
  });
  let server: RunningServer;
  try {
    server = await listenHttps(app, {
      host: options.host, port: options.port, tls: options.tls, requestClientCert: true,
      onTlsReload: (error) => parts.log(error ? `apiservice: kept the previous serving certificate: ${error.message}` : 'apiservice: serving certificate reloaded'),
    });
  } catch (error) {
    auth.stop();
    await Promise.all([queue.close(), closeRedis(redis)]);
    throw error;
  }
  return {
    port: server.port, url: server.url, notReady,
    close: async () => {
      await server.close();
      auth.stop();
      await Promise.all([queue.close(), closeRedis(redis)]);
    },
  };
}

function lineLogger(log: (line: string) => void): Logger {
  const line = (message: string): void => log(`apiservice: ${message}`);
  return { info: line, warn: line, error: line };
}
