// Leader election over one Lease. Every retry period a round reads the Lease and takes,
// renews or waits (plan.ts); a leader that cannot renew within the renew deadline stops
// leading. Expiry is judged by the local clock only (plan.ts: when this replica last saw the
// Lease record change), so replicas' clocks need not agree. Becoming leader runs `lead.start()`, losing it runs `lead.stop()` (in order,
// never overlapping); stop() releases the Lease so another replica takes over at once.
// Transitions are logged once each. All waits go through the injected Clock.
import type { Clock, Timer } from '../../engine/clock.js';
import type { ReadLease } from '../../kube/lease.js';
import { leadershipLost, nextLeaseStep, observeLease, releasedLease } from './plan.js';
import type { LeaseRecord, ObservedLease } from './plan.js';

export interface LeaseStore {
  readonly namespace: string;
  readonly name: string;
  read(): Promise<ReadLease | undefined>;
  create(record: LeaseRecord): Promise<void>;
  replace(record: LeaseRecord, resourceVersion: string): Promise<void>;
}

export interface ElectionTimings {
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retrySeconds: number;
}

export interface ElectorDeps {
  lease: LeaseStore;
  clock: Clock;
  identity: string;
  timings: ElectionTimings;
  log(line: string): void;
}

/** What runs while leading. */
export interface Leadership {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class LeaderElector {
  private timer: Timer | undefined;
  private stopped = false;
  private leading = false;
  private lastRenewMs = 0;
  private observed: ObservedLease | undefined;
  private lastLog = '';
  private transitions: Promise<void> = Promise.resolve();
  private round: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ElectorDeps, private readonly lead: Leadership) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts campaigning; resolves after the first round. */
  async start(): Promise<void> {
    this.round = this.tick();
    await this.round;
  }

  /** Stops campaigning and leading; `release` clears the holder so another replica need not wait for expiry. */
  async stop(release = true): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.round;
    const wasLeading = this.leading;
    if (wasLeading) this.setLeading(false, 'stopping');
    await this.transitions;
    if (wasLeading && release) await this.release();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.attempt();
    } catch (error) {
      this.note(`leader: lease ${this.where()}: ${(error as Error).message}; retrying`);
    }
    if (this.leading && leadershipLost(this.lastRenewMs, this.deps.clock.now(), this.deps.timings.renewDeadlineSeconds * 1_000)) {
      this.setLeading(false, `not renewed within ${this.deps.timings.renewDeadlineSeconds}s`);
    }
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimer(this.deps.timings.retrySeconds * 1_000, () => { this.round = this.tick(); });
  }

  private async attempt(): Promise<void> {
    const { lease, clock, identity, timings } = this.deps;
    const current = await lease.read();
    const now = clock.now();
    this.observed = observeLease(this.observed, current?.record, now);
    const step = nextLeaseStep(this.observed, identity, now, timings.leaseDurationSeconds);
    if (step.kind === 'wait') {
      if (this.leading) this.setLeading(false, `lease taken by ${step.holder}`);
      this.note(`leader: waiting for lease ${this.where()}, held by ${step.holder}`);
      return;
    }
    if (step.kind === 'create') await lease.create(step.record);
    else await lease.replace(step.record, current?.resourceVersion ?? '');
    this.observed = { record: step.record, observedMs: now };
    this.lastRenewMs = now;
    if (!this.leading) this.setLeading(true, step.kind === 'renew' ? 'renewed' : 'acquired');
  }

  private setLeading(leading: boolean, why: string): void {
    this.leading = leading;
    this.note(leading ? `leader: acquired lease ${this.where()} as ${this.deps.identity}` : `leader: lost lease ${this.where()} (${why}); controllers stopped`);
    const run = leading ? () => this.lead.start() : () => this.lead.stop();
    this.transitions = this.transitions.then(run).catch((error: Error) => this.deps.log(`leader: ${leading ? 'start' : 'stop'} failed: ${error.message}`));
  }

  private async release(): Promise<void> {
    try {
      const current = await this.deps.lease.read();
      if (current?.record.holder !== this.deps.identity) return;
      await this.deps.lease.replace(releasedLease(current.record, this.deps.clock.now()), current.resourceVersion);
      this.deps.log(`leader: released lease ${this.where()}`);
    } catch (error) {
      this.deps.log(`leader: releasing lease ${this.where()} failed: ${(error as Error).message}; it expires in ${this.deps.timings.leaseDurationSeconds}s`);
    }
  }

  /** Logs a line once per change. */
  private note(line: string): void {
    if (line === this.lastLog) return;
    this.lastLog = line;
    this.deps.log(line);
  }

  private where(): string {
    return `${this.deps.lease.namespace}/${this.deps.lease.name}`;
  }
}
