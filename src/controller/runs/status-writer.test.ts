import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../engine/fake-clock.js';
import { FIRST_RETRY_MS, StatusWriter } from './status-writer.js';

function harness(failures = 0, fatal = false) {
  const clock = new FakeClock();
  const sent: number[] = [];
  const errors: number[] = [];
  let left = failures;
  let release: (() => void) | undefined;
  const writer = new StatusWriter<number>({
    clock,
    write: (status) => {
      sent.push(status);
      if (left-- > 0) return Promise.reject(Object.assign(new Error('unavailable'), { code: fatal ? 404 : 503 }));
      return new Promise<void>((resolve) => (release = resolve));
    },
    onError: (_error, attempt) => errors.push(attempt),
    fatal: (error) => (error as { code?: number }).code === 404,
  });
  return { clock, sent, errors, writer, release: () => release?.() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescing status writer', () => {
  it('keeps one write in flight and sends only the latest state next', async () => {
    const { writer, sent, release } = harness();
    for (let i = 1; i <= 100; i++) writer.update(i);
    await turn();
    expect(sent).toEqual([1]);
    release();
    await turn();
    expect(sent).toEqual([1, 100]);
    const flushed = writer.flush();
    release();
    await flushed;
    expect(writer.writes).toBe(2);
  });

  it('retries a failed write with a doubling backoff on the clock, and the final state lands', async () => {
    const { writer, sent, errors, clock, release } = harness(2);
    writer.update(1);
    await turn();
    expect(errors).toEqual([1]);
    writer.update(2);
    await clock.advance(FIRST_RETRY_MS);
    expect(sent).toEqual([1, 2]);
    expect(errors).toEqual([1, 2]);
    await clock.advance(FIRST_RETRY_MS);
    expect(sent).toEqual([1, 2]);
    await clock.advance(FIRST_RETRY_MS);
    expect(sent).toEqual([1, 2, 2]);
    const flushed = writer.flush();
    release();
    await flushed;
  });

  it('drops the pending status when the object is gone', async () => {
    const { writer, sent } = harness(1, true);
    writer.update(1);
    await writer.flush();
    expect(sent).toEqual([1]);
  });
});
