// At most `limit` tasks of a pod run at once, whichever queue (shared or routed) they came
// from. A task waiting for a slot stops waiting when its delivery is aborted (cancelled
// or handed back at shutdown).
export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get active(): number {
    return this.running;
  }

  async run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('stopped waiting for a task slot'));
      };
      if (signal.aborted) return onAbort();
      this.waiting.push(take);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
