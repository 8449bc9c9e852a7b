// Logger and metrics are passed in, never imported as singletons: the CLI writes to
// stderr, the operator and runtime to JSON logs and prom-client.

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface Metrics {
  /** Adds `by` (default 1) to the counter `name` with these labels. */
  increment(name: string, labels?: Record<string, string>, by?: number): void;
}

/** What a component needs to report a problem it survives: a log line and a count. */
export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Counters kept in memory: for processes without a /metrics endpoint, and for tests. */
export class MemoryMetrics implements Metrics {
  readonly counts = new Map<string, number>();

  increment(name: string, labels: Record<string, string> = {}, by = 1): void {
    const key = `${name}${JSON.stringify(labels)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }

  /** The sum of `name` over all label sets. */
  total(name: string): number {
    let sum = 0;
    for (const [key, value] of this.counts) if (key.startsWith(`${name}{`)) sum += value;
    return sum;
  }
}

export function silentTelemetry(): Telemetry {
  return { logger: silentLogger, metrics: new MemoryMetrics() };
}
