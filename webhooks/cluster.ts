// What admission needs to know about the cluster, answered from memory: watched caches of
// teams, agents and ArkBudgets, and the usage snapshot. Only a team missing from the cache
// costs one live GET (a team created a moment ago must be usable at once).
import type { BudgetObject, LabelledTeam, UsageSnapshot } from '../src/budget/index.js';
import type { Clock } from '../src/engine/ports.js';
import type { CachedTeam } from '../src/kube/ark-cache.js';

/** A team as the cluster view hands it out (the watched cache's entry). */
export type TeamObject = CachedTeam;

export interface ClusterView {
  /** The team from the cache, or from one live GET when the cache does not have it. */
  team(namespace: string, name: string): Promise<TeamObject | undefined>;
  /** Whether an ArkAgent or ArkTeam is in the cache (no live call). */
  has(kind: 'ArkAgent' | 'ArkTeam', namespace: string, name: string): boolean;
  teams(namespace: string): readonly LabelledTeam[];
  budgets(namespace: string): readonly BudgetObject[];
}

export interface UsageView {
  current(): UsageSnapshot;
  /** Age of the snapshot (ms) when older than `limitMs`, else undefined. */
  stale(limitMs: number): number | undefined;
}

export interface AdmissionDeps {
  cluster: ClusterView;
  /** Token usage; without it budgets are not enforced (the operator runs with --no-budgets). */
  usage?: UsageView;
  clock: Clock;
}
