// How long and how much of a run Redis keeps: its event stream and stored state expire
// `retentionMs` after their last write, and a stream keeps its newest `maxEventsPerRun`
// events (approximately: trimming works on whole stream nodes).
export interface RunRetention {
  /** Default 7 days: runs outlive the default ArkRun history limits by a margin. */
  retentionMs?: number;
  /** Default 100,000 events, as the memory event log. */
  maxEventsPerRun?: number;
}

export const RUN_RETENTION_DEFAULTS = {
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  maxEventsPerRun: 100_000,
} as const satisfies Required<RunRetention>;
