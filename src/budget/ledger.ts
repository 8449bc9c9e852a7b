// The usage ledger port: per-period token counters for namespaces, teams and agents. Whoever
// spends tokens records them; admission reads a snapshot. Adapters: memory (`ark run`,
// tests) and Redis (the cluster), which must behave the same (see contract.ts).
import type { PeriodWindow } from './periods.js';

/** Who spent the tokens. A spend always counts for its namespace, and for its team and agent when given. */
export interface TokenSpend {
  namespace: string;
  team?: string;
  agent?: string;
  tokens: number;
  /** When the tokens were spent (epoch ms); decides the windows they count in. */
  at: number;
}

export type UsageScope =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'team' | 'agent'; namespace: string; name: string };

/** Counters of the windows current at one instant. */
export interface UsageSnapshot {
  /** When the snapshot was read (epoch ms). */
  readonly readAt: number;
  /** Tokens `scope` used in `window`; 0 when nothing was recorded (or the window is not in the snapshot). */
  used(scope: UsageScope, window: PeriodWindow): number;
}

export interface UsageLedger {
  /** Adds the spend to the day, week and month counters of every scope it names, atomically. */
  record(spend: TokenSpend): Promise<void>;
  /** Every counter of the day, week and month containing `at`. */
  snapshot(at: number): Promise<UsageSnapshot>;
  close(): Promise<void>;
}

/** The scopes a spend counts for. */
export function spendScopes(spend: TokenSpend): UsageScope[] {
  const scopes: UsageScope[] = [{ kind: 'namespace', namespace: spend.namespace }];
  if (spend.team !== undefined) scopes.push({ kind: 'team', namespace: spend.namespace, name: spend.team });
  if (spend.agent !== undefined) scopes.push({ kind: 'agent', namespace: spend.namespace, name: spend.agent });
  return scopes;
}

/** Rejects a spend that is not a whole, non-negative token count at a valid instant. */
export function checkSpend(spend: TokenSpend): void {
  if (!Number.isSafeInteger(spend.tokens) || spend.tokens < 0) {
    throw new RangeError(`token spend: tokens must be a whole number ≥ 0, got ${String(spend.tokens)}`);
  }
  if (!Number.isFinite(spend.at)) throw new RangeError(`token spend: at must be an epoch-ms instant, got ${String(spend.at)}`);
  if (spend.namespace === '') throw new RangeError('token spend: namespace is required');
}

/** A snapshot over counters held as window id → counter field → tokens. */
export class CounterSnapshot implements UsageSnapshot {
  constructor(
    readonly readAt: number,
    private readonly counters: ReadonlyMap<string, ReadonlyMap<string, number>>,
    private readonly fieldOf: (scope: UsageScope) => string,
  ) {}

  used(scope: UsageScope, window: PeriodWindow): number {
    return this.counters.get(windowKey(window))?.get(this.fieldOf(scope)) ?? 0;
  }
}

/** `daily:2026-12-01`: a window's name inside a snapshot. */
export function windowKey(window: Pick<PeriodWindow, 'period' | 'id'>): string {
  return `${window.period}:${window.id}`;
}
