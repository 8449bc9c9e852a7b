// Structured logs for the processes that run in the cluster: one JSON object per line.
import type { LogFields, Logger } from './types.js';

export function jsonLogger(write: (line: string) => void, base: LogFields = {}): Logger {
  const line = (level: string) => (message: string, fields: LogFields = {}): void => {
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields }));
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
