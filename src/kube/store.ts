// An in-memory index of watched objects by namespace and name. Holds only what a transform
// kept (never whole objects with managedFields), so memory grows with the fields read.
export class ObjectStore<T> {
  private readonly namespaces = new Map<string, Map<string, T>>();

  get(namespace: string, name: string): T | undefined {
    return this.namespaces.get(namespace)?.get(name);
  }

  has(namespace: string, name: string): boolean {
    return this.namespaces.get(namespace)?.has(name) ?? false;
  }

  /** Every object of one namespace (a fresh array). */
  list(namespace: string): T[] {
    return [...(this.namespaces.get(namespace)?.values() ?? [])];
  }

  set(namespace: string, name: string, value: T): void {
    let names = this.namespaces.get(namespace);
    if (!names) this.namespaces.set(namespace, (names = new Map()));
    names.set(name, value);
  }

  delete(namespace: string, name: string): void {
    const names = this.namespaces.get(namespace);
    names?.delete(name);
    if (names?.size === 0) this.namespaces.delete(namespace);
  }

  /** Every key held (a fresh array). */
  keys(): { namespace: string; name: string }[] {
    const keys: { namespace: string; name: string }[] = [];
    for (const [namespace, names] of this.namespaces) for (const name of names.keys()) keys.push({ namespace, name });
    return keys;
  }

  /** Replaces the whole content (after a full list). */
  replaceAll(entries: Iterable<{ namespace: string; name: string; value: T }>): void {
    this.namespaces.clear();
    for (const entry of entries) this.set(entry.namespace, entry.name, entry.value);
  }

  get size(): number {
    let size = 0;
    for (const names of this.namespaces.values()) size += names.size;
    return size;
  }
}
