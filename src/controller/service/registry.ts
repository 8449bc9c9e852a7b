// The readiness registry as the ArkService controller reads it: its own Redis connection
// whose commands fail within COMMAND_TIMEOUT_MS while Redis is away (the controller turns
// that into a condition and a retry with backoff) instead of waiting, so an outage never
// holds a reconcile worker. Reconnection attempts are silent: the work queue logs the
// failing service once per state change.
import { Redis } from 'ioredis';
import { closeRedis, reconnectDelay } from '../../queue/redis-connection.js';
import { ReadinessRegistry } from '../../queue/readiness.js';

const COMMAND_TIMEOUT_MS = 2_000;

export interface RegistryReader {
  readonly registry: ReadinessRegistry;
  close(): Promise<void>;
}

export function readinessReader(redisUrl: string): RegistryReader {
  const redis = new Redis(redisUrl, {
    connectionName: 'arkonis-service-controller', commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
  });
  redis.on('error', () => undefined); // every failed attempt; the failing reconcile reports it
  return { registry: new ReadinessRegistry(redis), close: () => closeRedis(redis) };
}
