// A bounded cache whose entries expire, as k8s.io/apiserver caches webhook token and
// authorization answers: separate TTLs for positive and negative answers, and a size cap
// (the oldest entry leaves first). The clock is handed in, so tests move time themselves.
import type { Clock } from '../src/engine/clock.js';

export interface TtlCacheOptions {
  maxEntries: number;
  clock: Clock;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly options: TtlCacheOptions) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.options.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.options.clock.now() + ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
