import { describe, expect, it } from 'vitest';
import { runIdOf, runKeyOf, runRequests } from '../../core/run-requests.js';
import { decide, type Observed } from './decide.js';

const base: Observed = { deleted: false, active: false, phase: undefined, observedRetry: undefined, requests: {} };

describe('run controller decisions', () => {
  it('drives a new or interrupted run, and one asked to cancel is driven cancelled', () => {
    expect(decide(base)).toEqual({ type: 'drive', cancelled: false });
    expect(decide({ ...base, phase: 'Running' })).toEqual({ type: 'drive', cancelled: false });
    expect(decide({ ...base, requests: runRequests({ 'arkonis.dev/cancel-requested': '2026-12-01T00:00:00Z' }) })).toEqual({ type: 'drive', cancelled: true });
  });

  it('cancels an active run on request and leaves it alone otherwise', () => {
    expect(decide({ ...base, active: true })).toEqual({ type: 'none' });
    expect(decide({ ...base, active: true, requests: { cancel: { at: 't' } } })).toEqual({ type: 'cancel' });
  });

  it('retries a failed run once per token, only the named step when given, never a succeeded one', () => {
    const retry = runRequests({ 'arkonis.dev/retry-requested': 'r1', 'arkonis.dev/retry-step': 'b' });
    expect(decide({ ...base, phase: 'Failed', requests: retry })).toEqual({ type: 'retry', token: 'r1', step: 'b' });
    expect(decide({ ...base, phase: 'Failed', observedRetry: 'r1', requests: retry })).toEqual({ type: 'none' });
    expect(decide({ ...base, phase: 'Succeeded', requests: retry })).toEqual({ type: 'none' });
    expect(decide({ ...base, phase: 'Cancelled', requests: { retry: { token: 'r2' } } })).toEqual({ type: 'retry', token: 'r2' });
  });

  it('cleans up a deleted run', () => {
    expect(decide({ ...base, deleted: true, active: true })).toEqual({ type: 'cleanup' });
  });

  it('run ids are unique per namespace/name and read back', () => {
    expect(runIdOf('ns', 'a.b')).toBe('ns.a.b');
    expect(runKeyOf('ns.a.b')).toEqual({ namespace: 'ns', name: 'a.b' });
    expect(runKeyOf('x/y')).toBeUndefined();
  });
});
