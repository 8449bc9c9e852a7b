// List + watch of one resource across all namespaces, feeding an ObjectStore through a
// transform. client-node's watch ends on any error; this restarts it with backoff, relists
// after 410 Gone, and resumes from the last resourceVersion (bookmarks keep it fresh).
// Lists are paged, each page transformed before the next is read, so a relist of thousands
// of objects holds one page of whole objects at a time, not all of them.
import { Watch } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { ObjectStore } from './store.js';

export interface ReflectorOptions<T> {
  config: KubeConfig;
  /** Collection path, e.g. `/apis/arkonis.dev/v1alpha1/arkteams`. */
  path: string;
  /** Watch only the objects it selects, e.g. `metadata.name=x` (list() must select the same). */
  fieldSelector?: string;
  /** One page of the collection (pass both to the API's `limit` and `_continue`); `metadata.continue` is set while more follow. */
  list(page: ListPage): Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string; continue?: string } }>;
  /** Keeps what the cache needs of an object; undefined drops it. */
  transform(object: KubernetesObject): T | undefined;
  store: ObjectStore<T>;
  onError(error: Error): void;
  /**
   * Called after the store changed for one key: `value` is the new entry, undefined when it
   * was deleted. After a relist it is called for every listed key and every key that vanished,
   * so a level-based consumer that re-reads the store sees every change.
   */
  onChange?(namespace: string, name: string, value: T | undefined): void;
}

export interface ListPage {
  limit: number;
  _continue?: string;
}

/** Objects per list page: client-go's informers use 500. */
export const LIST_PAGE_SIZE = 500;
const INITIAL_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

export class Reflector<T> {
  private resourceVersion: string | undefined;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = INITIAL_BACKOFF_MS;
  private stopped = false;
  private listed = false;

  constructor(private readonly options: ReflectorOptions<T>) {}

  /** Lists once (resolving when the store is filled, or the first attempt failed), then watches. */
  async start(): Promise<void> {
    await this.cycle();
  }

  /** True after the first complete list. */
  synced(): boolean {
    return this.listed;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  private async cycle(): Promise<void> {
    try {
      if (this.resourceVersion === undefined) await this.relist();
      this.abort = await new Watch(this.options.config).watch(this.options.path, this.watchQuery(),
        (phase, object: KubernetesObject) => this.apply(phase, object), (error: unknown) => this.ended(error));
    } catch (error) {
      this.ended(error);
    }
  }

  private watchQuery(): Record<string, string | boolean | undefined> {
    const { fieldSelector } = this.options;
    return { allowWatchBookmarks: true, resourceVersion: this.resourceVersion, ...(fieldSelector !== undefined ? { fieldSelector } : {}) };
  }

  private async relist(): Promise<void> {
    const entries: { namespace: string; name: string; value: T }[] = [];
    let page: ListPage = { limit: LIST_PAGE_SIZE };
    let resourceVersion: string | undefined;
    // A continue token that expired (410) fails the relist, which starts again from page one.
    for (;;) {
      const list = await this.options.list(page);
      for (const object of list.items) entries.push(...this.entry(object));
      resourceVersion = list.metadata?.resourceVersion;
      if (!list.metadata?.continue) break;
      page = { limit: LIST_PAGE_SIZE, _continue: list.metadata.continue };
    }
    const before = this.options.onChange ? this.options.store.keys() : [];
    this.options.store.replaceAll(entries);
    for (const key of before) if (!this.options.store.has(key.namespace, key.name)) this.changed(key.namespace, key.name, undefined);
    for (const entry of entries) this.changed(entry.namespace, entry.name, entry.value);
    this.resourceVersion = resourceVersion;
    this.listed = true;
    this.backoffMs = INITIAL_BACKOFF_MS;
  }

  private apply(phase: string, object: KubernetesObject): void {
    const { namespace = '', name = '', resourceVersion } = object.metadata ?? {};
    if (phase === 'ERROR') {
      // 410 Gone (resourceVersion too old) and other watch errors: list again.
      this.resourceVersion = undefined;
      return;
    }
    if (resourceVersion !== undefined) this.resourceVersion = resourceVersion;
    if (phase === 'DELETED') {
      this.options.store.delete(namespace, name);
      this.changed(namespace, name, undefined);
    } else if (phase === 'ADDED' || phase === 'MODIFIED') {
      const [entry] = this.entry(object);
      if (entry) this.options.store.set(namespace, name, entry.value);
      else this.options.store.delete(namespace, name);
      this.changed(namespace, name, entry?.value);
    }
  }

  private changed(namespace: string, name: string, value: T | undefined): void {
    try {
      this.options.onChange?.(namespace, name, value);
    } catch (error) {
      this.options.onError(new Error(`change handler of ${this.options.path} failed for ${namespace}/${name}`, { cause: error }));
    }
  }

  private entry(object: KubernetesObject): { namespace: string; name: string; value: T }[] {
    const value = this.options.transform(object);
    const { namespace = '', name = '' } = object.metadata ?? {};
    return value === undefined ? [] : [{ namespace, name, value }];
  }

  private ended(error: unknown): void {
    this.abort = undefined;
    if (this.stopped) return;
    const delay = error ? this.backoffMs : 0;
    if (error) {
      this.options.onError(new Error(`watch of ${this.options.path} failed; retrying in ${delay} ms`, { cause: error }));
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    }
    this.timer = setTimeout(() => void this.cycle(), delay);
    this.timer.unref();
  }
}
