// What one leader-election round does with the Lease it read: take it (absent, released or
// expired), renew it (held by us), or wait (held by a live replica). Pure: the time is passed
// in, so expiry is unit tested without waiting.

/** The fields of a coordination.k8s.io/v1 Lease that election reads and writes. */
export interface LeaseRecord {
  holder: string;
  durationSeconds: number;
  acquireMs: number;
  renewMs: number;
  transitions: number;
}

export type LeaseStep =
  | { kind: 'create' | 'take' | 'renew'; record: LeaseRecord }
  | { kind: 'wait'; holder: string; expiresMs: number };

/** An empty holder is a released Lease; otherwise it expires `durationSeconds` after its last renewal. */
export function leaseExpiresMs(lease: LeaseRecord): number {
  return lease.holder === '' ? 0 : lease.renewMs + lease.durationSeconds * 1_000;
}

export function nextLeaseStep(lease: LeaseRecord | undefined, identity: string, nowMs: number, durationSeconds: number): LeaseStep {
  if (lease === undefined) {
    return { kind: 'create', record: { holder: identity, durationSeconds, acquireMs: nowMs, renewMs: nowMs, transitions: 0 } };
  }
  if (lease.holder === identity) return { kind: 'renew', record: { ...lease, durationSeconds, renewMs: nowMs } };
  const expiresMs = leaseExpiresMs(lease);
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
