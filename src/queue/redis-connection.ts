// Redis connections for the queue, the stores and the runtime. When Redis goes away a
// connection waits and reconnects with a bounded backoff (logged on each attempt) and
// commands wait for it instead of failing: a restart of Redis is an outage to ride out,
// not a reason to crash or to spin.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../telemetry/types.js';

/** The longest wait between reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 5_000;

/** 50 ms, 100 ms, 200 ms … doubling, capped at MAX_RECONNECT_DELAY_MS. */
export function reconnectDelay(attempt: number): number {
  return Math.min(MAX_RECONNECT_DELAY_MS, 50 * 2 ** Math.min(attempt - 1, 16));
}

export interface ConnectOptions {
  logger: Logger;
  /** What this connection is for, in log lines. */
  role: string;
  /** Batch the commands of one event-loop turn (for the shared command connection). */
  pipelined?: boolean;
}

/** A connection to `url` (redis://[user:password@]host:port[/db], or rediss:// for TLS). */
export function connectRedis(url: string, options: ConnectOptions): Redis {
  const settings: RedisOptions = {
    connectionName: `arkonis-${options.role}`,
    maxRetriesPerRequest: null,
    enableAutoPipelining: options.pipelined ?? false,
    retryStrategy: (attempt) => {
      const delay = reconnectDelay(attempt);
      options.logger.warn(`redis ${options.role}: connection lost; reconnecting in ${delay} ms (attempt ${attempt})`, { role: options.role, attempt, delay });
      return delay;
    },
  };
  const redis = new Redis(url, settings);
  // ioredis emits 'error' for every failed attempt; the retry strategy already logged it.
  redis.on('error', () => undefined);
  return redis;
}

/** Closes a connection whatever its state: QUIT when connected, otherwise drop it. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
