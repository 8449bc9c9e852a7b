// What one leader-election round does with the Lease it read: take it (absent, released or
// expired), renew it (held by us), or wait (held by a live replica). Pure: the time is passed
// in, so expiry is unit tested without waiting.
//
// Expiry never compares another replica's timestamps with the local clock (their clocks may
// disagree). As client-go does, each replica remembers when, on its own clock, it last saw the
// Lease record change; a holder that has not changed it for `durationSeconds` since is dead.

/** The fields of a coordination.k8s.io/v1 Lease that election reads and writes. */
export interface LeaseRecord {
  holder: string;
  durationSeconds: number;
  acquireMs: number;
  renewMs: number;
  transitions: number;
}

/** A Lease record and the local time this replica first saw it as it is. */
export interface ObservedLease {
  record: LeaseRecord;
  observedMs: number;
}

export type LeaseStep =
  | { kind: 'create' | 'take' | 'renew'; record: LeaseRecord }
  | { kind: 'wait'; holder: string; expiresMs: number };

/** Keeps the earlier observation while the record is unchanged; a changed (or first) record is observed `nowMs`. */
export function observeLease(previous: ObservedLease | undefined, record: LeaseRecord | undefined, nowMs: number): ObservedLease | undefined {
  if (record === undefined) return undefined;
  if (previous !== undefined && sameRecord(previous.record, record)) return previous;
  return { record, observedMs: nowMs };
}

/** An empty holder is a released Lease; otherwise it expires `durationSeconds` after it was last seen to change (local clock). */
export function leaseExpiresMs(observed: ObservedLease): number {
  return observed.record.holder === '' ? 0 : observed.observedMs + observed.record.durationSeconds * 1_000;
}

export function nextLeaseStep(observed: ObservedLease | undefined, identity: string, nowMs: number, durationSeconds: number): LeaseStep {
  if (observed === undefined) {
    return { kind: 'create', record: { holder: identity, durationSeconds, acquireMs: nowMs, renewMs: nowMs, transitions: 0 } };
  }
  const lease = observed.record;
  if (lease.holder === identity) return { kind: 'renew', record: { ...lease, durationSeconds, renewMs: nowMs } };
  const expiresMs = leaseExpiresMs(observed);
  if (expiresMs > nowMs) return { kind: 'wait', holder: lease.holder, expiresMs };
  return { kind: 'take', record: { holder: identity, durationSeconds, acquireMs: nowMs, renewMs: nowMs, transitions: lease.transitions + 1 } };
}

/** The Lease a stopping leader leaves behind: no holder, so the next candidate takes it at once. */
export function releasedLease(lease: LeaseRecord, nowMs: number): LeaseRecord {
  return { ...lease, holder: '', durationSeconds: 1, renewMs: nowMs };
}

/** A leader that has not renewed within the renew deadline stops leading (it may have lost the Lease). */
export function leadershipLost(lastRenewMs: number, nowMs: number, renewDeadlineMs: number): boolean {
  return nowMs - lastRenewMs >= renewDeadlineMs;
}

function sameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return a.holder === b.holder && a.durationSeconds === b.durationSeconds && a.acquireMs === b.acquireMs
    && a.renewMs === b.renewMs && a.transitions === b.transitions;
}
