// The one retry loop for real providers (the SDKs' own retries are switched off so this
// behaviour is ours and testable). Retryable ProviderErrors (429, 5xx, timeout, network)
// are retried up to `maxRetries` times with exponential backoff and jitter; a server's
// retry-after wins over the computed delay. Everything else surfaces at once.
import { sleep, systemClock, type Clock } from '../engine/clock.js';
import { ProviderError, abortedError } from './errors.js';
import type { ProviderName } from './types.js';

export interface RetryOptions {
  provider: ProviderName;
  /** Retries after the first attempt; default 2. */
  maxRetries?: number;
  /** Backoff waits run on this clock (default: the system clock). */
  clock?: Clock;
  signal?: AbortSignal;
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** Called before each retry (for logs and tests). */
  onRetry?: (attempt: number, delayMs: number, err: ProviderError) => void;
}

export const DEFAULT_MAX_RETRIES = 2;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** Upper bound on a server-requested wait, so a task is not parked for minutes. */
export const MAX_RETRY_AFTER_MS = 60_000;

export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const clock = options.clock ?? systemClock;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ProviderError) || !err.retryable || retry >= maxRetries) throw err;
      if (options.signal?.aborted) throw abortedError(options.provider, options.signal.reason);
      const delay = retryDelay(retry, err.retryAfterMs, options.random ?? Math.random);
      options.onRetry?.(retry + 1, delay, err);
      await sleep(clock, delay, options.signal);
      if (options.signal?.aborted) throw abortedError(options.provider, options.signal.reason);
    }
  }
}

/** Delay before retry number `retry` (0-based): retry-after if given, else 2^n backoff with jitter. */
export function retryDelay(retry: number, retryAfterMs: number | undefined, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date).
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
