import { describe, expect, it } from 'vitest';
import type { Clock } from '../../engine/clock.js';
import { FakeClock } from '../../engine/fake-clock.js';
import { LeaderElector } from './elector.js';
import type { LeaseStore } from './elector.js';
import { leadershipLost, nextLeaseStep, observeLease, releasedLease } from './plan.js';
import type { LeaseRecord, ObservedLease } from './plan.js';

const T = Date.UTC(2026, 11, 1, 12);
const held = (holder: string, renewMs: number): LeaseRecord => ({ holder, durationSeconds: 15, acquireMs: T, renewMs, transitions: 2 });

const seen = (record: LeaseRecord, observedMs: number): ObservedLease => ({ record, observedMs });

describe('nextLeaseStep', () => {
  it('creates an absent lease, renews its own and waits for a live holder', () => {
    expect(nextLeaseStep(undefined, 'a', T, 15)).toEqual({ kind: 'create', record: { holder: 'a', durationSeconds: 15, acquireMs: T, renewMs: T, transitions: 0 } });
    expect(nextLeaseStep(seen(held('a', T), T), 'a', T + 5_000, 15)).toEqual({ kind: 'renew', record: { ...held('a', T), renewMs: T + 5_000 } });
    expect(nextLeaseStep(seen(held('b', T), T), 'a', T + 14_999, 15)).toEqual({ kind: 'wait', holder: 'b', expiresMs: T + 15_000 });
  });

  it('takes an expired or released lease and counts the transition', () => {
    expect(nextLeaseStep(seen(held('b', T), T), 'a', T + 15_000, 15)).toEqual({ kind: 'take', record: { holder: 'a', durationSeconds: 15, acquireMs: T + 15_000, renewMs: T + 15_000, transitions: 3 } });
    expect(nextLeaseStep(seen(releasedLease(held('b', T), T), T), 'a', T + 1, 15)).toMatchObject({ kind: 'take', record: { holder: 'a' } });
  });

  it('judges expiry by when the record was seen to change on the local clock, never by the holder\'s renewTime', () => {
    const hourMs = 3_600_000;
    // The holder's clock runs an hour behind: its fresh renewal must not look expired.
    expect(nextLeaseStep(seen(held('b', T - hourMs), T), 'a', T + 1_000, 15)).toMatchObject({ kind: 'wait', expiresMs: T + 15_000 });
    // An hour ahead: once it stops renewing, it is taken after the lease duration, not an hour later.
    expect(nextLeaseStep(seen(held('b', T + hourMs), T), 'a', T + 15_000, 15)).toMatchObject({ kind: 'take', record: { holder: 'a' } });
    // The holder's own duration counts, not the candidate's.
    expect(nextLeaseStep(seen({ ...held('b', T), durationSeconds: 60 }, T), 'a', T + 20_000, 15)).toMatchObject({ kind: 'wait', expiresMs: T + 60_000 });
  });

  it('loses leadership once the renew deadline passes without a renewal', () => {
    expect(leadershipLost(T, T + 9_999, 10_000)).toBe(false);
    expect(leadershipLost(T, T + 10_000, 10_000)).toBe(true);
  });
});

describe('observeLease', () => {
  it('keeps the first observation of an unchanged record and restarts it when any field changes', () => {
    const first = observeLease(undefined, held('b', T), T + 500);
    expect(first).toEqual({ record: held('b', T), observedMs: T + 500 });
    expect(observeLease(first, { ...held('b', T) }, T + 9_000)).toBe(first);
    expect(observeLease(first, held('b', T + 2_000), T + 9_000)).toEqual({ record: held('b', T + 2_000), observedMs: T + 9_000 });
    expect(observeLease(first, { ...held('b', T), transitions: 3 }, T + 9_000)?.observedMs).toBe(T + 9_000);
    expect(observeLease(first, held('c', T), T + 9_000)?.observedMs).toBe(T + 9_000);
    expect(observeLease(first, undefined, T + 9_000)).toBeUndefined();
  });
});

class MemoryLease implements LeaseStore {
  readonly namespace = 'ns';
  readonly name = 'arkonis-operator';
  record: LeaseRecord | undefined;
  version = 0;
  failing = false;
  async read() { return this.record ? { record: this.record, resourceVersion: String(this.version) } : undefined; }
  async create(record: LeaseRecord) { this.write(record); }
  async replace(record: LeaseRecord, resourceVersion: string) {
    if (resourceVersion !== String(this.version)) throw new Error('409 Conflict');
    this.write(record);
  }
  private write(record: LeaseRecord) {
    if (this.failing) throw new Error('apiserver unreachable');
    this.record = record;
    this.version += 1;
  }
}

/** The shared fake time, read `offsetMs` off: a replica whose clock is skewed. */
const skewed = (clock: FakeClock, offsetMs: number): Clock => ({ now: () => clock.now() + offsetMs, setTimer: (ms, fire) => clock.setTimer(ms, fire) });

function candidate(store: LeaseStore, clock: Clock, identity: string) {
  const events: string[] = [];
  const logs: string[] = [];
  const elector = new LeaderElector(
    { lease: store, clock, identity, timings: { leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retrySeconds: 2 }, log: (line) => logs.push(line) },
    { start: async () => { events.push('start'); }, stop: async () => { events.push('stop'); } },
  );
  return { elector, events, logs };
}

describe('LeaderElector', () => {
  it('one leader; the other waits, takes over within the lease duration when the holder dies, and a release hands over at once', async () => {
    const clock = new FakeClock(T);
    const store = new MemoryLease();
    const a = candidate(store, clock, 'a');
    const b = candidate(store, clock, 'b');
    await a.elector.start();
    await b.elector.start();
    await clock.advance(6_000);
    expect([a.elector.isLeader, b.elector.isLeader]).toEqual([true, false]);
    expect(a.events).toEqual(['start']);
    expect(b.logs).toEqual(['leader: waiting for lease ns/arkonis-operator, held by a']);
    await a.elector.stop(false); // dies without releasing
    expect(a.events).toEqual(['start', 'stop']);
    await clock.advance(14_000);
    expect(b.elector.isLeader).toBe(false);
    await clock.advance(2_000);
    expect(b.elector.isLeader).toBe(true);
    expect(store.record).toMatchObject({ holder: 'b', transitions: 1 });
    await b.elector.stop();
    expect(store.record?.holder).toBe('');
    expect(b.logs.slice(-2)).toEqual(['leader: lost lease ns/arkonis-operator (stopping); controllers stopped', 'leader: released lease ns/arkonis-operator']);
    expect(clock.pending).toBe(0);
  });

  it('fails over within the lease duration whichever way the replicas\' clocks are skewed', async () => {
    for (const offsetMs of [-3_600_000, 3_600_000]) {
      const clock = new FakeClock(T);
      const store = new MemoryLease();
      const a = candidate(store, skewed(clock, offsetMs), 'a');
      const b = candidate(store, clock, 'b');
      await a.elector.start();
      await b.elector.start();
      await clock.advance(30_000);
      expect([a.elector.isLeader, b.elector.isLeader]).toEqual([true, false]);
      await a.elector.stop(false);
      await clock.advance(16_000);
      expect(b.elector.isLeader).toBe(true);
      await b.elector.stop();
    }
  });

  it('stops leading when it cannot renew within the renew deadline, and leads again once it can', async () => {
    const clock = new FakeClock(T);
    const store = new MemoryLease();
    const a = candidate(store, clock, 'a');
    await a.elector.start();
    store.failing = true;
    await clock.advance(8_000);
    expect(a.elector.isLeader).toBe(true);
    await clock.advance(2_000);
    expect(a.elector.isLeader).toBe(false);
    expect(a.logs).toContain('leader: lost lease ns/arkonis-operator (not renewed within 10s); controllers stopped');
    expect(a.logs.filter((line) => line.includes('apiserver unreachable'))).toHaveLength(1);
    store.failing = false;
    await clock.advance(2_000);
    expect(a.events).toEqual(['start', 'stop', 'start']);
    await a.elector.stop();
  });
});
