// Calls made in one turn of the event loop, sent together: the enqueues of a burst of
// submissions, the finishes of a consumer's slots that settled at once. Each key (a queue)
// has its own open batch; it is sent on process.nextTick, which runs after every promise
// callback of the turn, so all the calls of the turn join it, or sooner once it is full.
// A batch's failure is each of its callers' failure.

interface Waiting<Item, Result> { item: Item; resolve(result: Result): void; reject(error: unknown): void }
interface Batch<Item, Result> { waiting: Waiting<Item, Result>[]; size: number }

export interface BatchLimits<Item> {
  /** Items in one batch at most. */
  maxItems: number;
  /** With sizeOf: the size after which a batch is sent without waiting for more. */
  maxSize?: number;
  sizeOf?: (item: Item) => number;
}

export class TurnBatches<Item, Result> {
  private readonly open = new Map<string, Batch<Item, Result>>();

  /** `send` handles one batch and gives each item's result, in order. */
  constructor(
    private readonly send: (key: string, items: Item[]) => Promise<Result[]>,
    private readonly limits: BatchLimits<Item>,
  ) {}

  add(key: string, item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      let batch = this.open.get(key);
      if (batch === undefined) {
        const opened: Batch<Item, Result> = (batch = { waiting: [], size: 0 });
        this.open.set(key, opened);
        process.nextTick(() => void this.flush(key, opened));
      }
      batch.waiting.push({ item, resolve, reject });
      batch.size += this.limits.sizeOf?.(item) ?? 0;
      if (batch.waiting.length >= this.limits.maxItems || batch.size >= (this.limits.maxSize ?? Infinity)) this.open.delete(key);
    });
  }

  private async flush(key: string, batch: Batch<Item, Result>): Promise<void> {
    if (this.open.get(key) === batch) this.open.delete(key);
    let results: Result[];
    try {
      results = await this.send(key, batch.waiting.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch.waiting) waiting.reject(error);
      return;
    }
    batch.waiting.forEach((waiting, i) => waiting.resolve(results[i] as Result));
  }
}
