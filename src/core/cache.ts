// A bounded least-recently-used map, shared by caches of parsed or compiled inputs (templates,
// regular expressions, schemas): entries are reused across calls without letting memory grow
// with the number of distinct inputs.

/** `get` returns undefined for a miss, so values must not be undefined. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Re-insert so Map iteration order tracks recency.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.map.size;
  }
}
