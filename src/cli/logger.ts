// The CLI's logger: problems a run survives are printed once each on stderr.
import { MemoryMetrics, type Logger, type Telemetry } from '../telemetry/types.js';

export function cliTelemetry(err: (line: string) => void): Telemetry {
  const seen = new Set<string>();
  const once = (prefix: string) => (message: string): void => {
    if (seen.has(message)) return;
    seen.add(message);
    err(`${prefix}${message}`);
  };
  const logger: Logger = { info() {}, warn: once('warning: '), error: once('error: ') };
  return { logger, metrics: new MemoryMetrics() };
}
