import { describe, expect, it } from 'vitest';
import { ProviderError, httpError, kindForStatus } from './errors.js';
import { FakeClock, InstantClock } from '../engine/fake-clock.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelay, withRetry } from './retry.js';

const serverError = () => httpError({ provider: 'openai', status: 503 });

describe('retry policy', () => {
  it('classifies statuses and retryability', () => {
    expect([401, 403, 429, 408, 500, 529, 400, 404].map(kindForStatus)).toEqual(['auth', 'auth', 'rate_limit', 'timeout', 'server', 'server', 'bad_request', 'bad_request']);
    expect(httpError({ provider: 'openai', status: 429 }).retryable).toBe(true);
    expect(httpError({ provider: 'openai', status: 400 }).retryable).toBe(false);
  });

  it('parses retry-after-ms, seconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('backs off exponentially with jitter, and caps retry-after', () => {
    expect([0, 1, 2, 3, 10].map((n) => retryDelay(n, undefined, () => 0))).toEqual([250, 500, 1000, 2000, 4000]);
    expect([0, 1, 10].map((n) => retryDelay(n, undefined, () => 0.999999))).toEqual([500, 1000, 8000]);
    expect(retryDelay(0, 120_000, Math.random)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('retries retryable errors up to maxRetries and reports each retry', async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = withRetry(
      async () => {
        calls++;
        throw serverError();
      },
      { provider: 'openai', maxRetries: 3, clock: new InstantClock(), onRetry: (n) => retries.push(n) },
    );
    await expect(result).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(4);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('does not retry non-retryable or foreign errors', async () => {
    for (const err of [httpError({ provider: 'openai', status: 401 }), new TypeError('bug')]) {
      let calls = 0;
      const run = withRetry(
        async () => {
          calls++;
          throw err;
        },
        { provider: 'openai', clock: new InstantClock() },
      );
      await expect(run).rejects.toBe(err);
      expect(calls).toBe(1);
    }
  });

  it('waits each backoff on the clock before the next attempt', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const run = withRetry(async () => {
      calls++;
      if (calls < 3) throw serverError();
      return 'third time';
    }, { provider: 'openai', maxRetries: 3, clock, random: () => 0 });
    await clock.advance(249);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    await clock.advance(499);
    expect(calls).toBe(2);
    await clock.advance(1);
    await expect(run).resolves.toBe('third time');
  });

  it('stops retrying when aborted during the wait', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const run = withRetry(
      async () => {
        throw serverError();
      },
      { provider: 'openai', signal: controller.signal, clock, random: () => 0 },
    );
    await clock.advance(100);
    controller.abort();
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(clock.pending).toBe(0);
  });
});
