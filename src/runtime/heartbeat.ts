// A pod's heartbeat into the readiness registry: every second its readiness and the tasks
// it runs, valid for three beats (a pod that misses three is dead to routing). Each beat
// also reaps the queue's dead pods, so a routed task returns to the shared queue within
// a few seconds of its pod dying, while any pod of the agent lives.
import type { Redis } from 'ioredis';
import type { Clock, Timer } from '../engine/clock.js';
import { ReadinessRegistry } from '../queue/readiness.js';

export const HEARTBEAT_MS = 1_000;
const BEATS_TO_LIVE = 3;

export interface HeartbeatOptions {
  queue: string;
  pod: string;
  clock: Clock;
  ready(): boolean;
  active(): number;
  onError?(error: unknown): void;
}

export class Heartbeat {
  private readonly registry: ReadinessRegistry;
  private timer: Timer | undefined;
  private stopped = false;
  private beating: Promise<void> = Promise.resolve();

  constructor(redis: Redis, private readonly options: HeartbeatOptions) {
    this.registry = new ReadinessRegistry(redis);
    this.tick();
  }

  /** Leaves the registry at once, so routing stops choosing this pod. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.beating;
    await this.registry.remove(this.options.queue, this.options.pod).catch((error: unknown) => this.options.onError?.(error));
  }

  private tick(): void {
    const { queue, pod, clock } = this.options;
    const now = clock.now();
    this.beating = this.registry.beat(queue, { pod, ready: this.options.ready(), active: this.options.active(), expiresAt: now + BEATS_TO_LIVE * HEARTBEAT_MS })
      .then(() => this.registry.reapDead(queue, now))
      .then(() => undefined, (error: unknown) => this.options.onError?.(error))
      .finally(() => { if (!this.stopped) this.timer = clock.setTimer(HEARTBEAT_MS, () => this.tick()); });
  }
}
