// A ClusterView over objects held in memory: what `ark validate`-style tools and tests use
// in place of the watched caches (same stores, filled directly instead of by watches).
import { arkBudgetSpec, arkTeamSpec } from '../src/api/index.js';
import type { BudgetObject } from '../src/budget/index.js';
import type { CachedTeam } from '../src/kube/ark-cache.js';
import { ObjectStore } from '../src/kube/store.js';
import type { ClusterView } from './cluster.js';

interface AnyObject {
  kind?: unknown;
  metadata?: { name?: string; namespace?: string; uid?: string; generation?: number; labels?: Record<string, string> };
  spec?: unknown;
}

export class MemoryCluster implements ClusterView {
  private readonly teamStore = new ObjectStore<CachedTeam>();
  private readonly agentStore = new ObjectStore<true>();
  private readonly budgetStore = new ObjectStore<BudgetObject>();

  /** Adds (or replaces) an object as the API server would hold it; kinds other than ours are ignored. */
  put(object: AnyObject, namespace = object.metadata?.namespace ?? 'default'): void {
    const name = object.metadata?.name ?? '';
    if (object.kind === 'ArkAgent') this.agentStore.set(namespace, name, true);
    if (object.kind === 'ArkTeam') {
      const parsed = arkTeamSpec.safeParse(object.spec);
      const { uid, generation, labels = {} } = object.metadata ?? {};
      this.teamStore.set(namespace, name, { namespace, name, labels, spec: parsed.success ? parsed.data : undefined, ...(uid ? { uid } : {}), ...(generation ? { generation } : {}) });
    }
    if (object.kind === 'ArkBudget') {
      const parsed = arkBudgetSpec.safeParse(object.spec);
      if (parsed.success) this.budgetStore.set(namespace, name, { namespace, name, spec: parsed.data });
    }
  }

  team(namespace: string, name: string): Promise<CachedTeam | undefined> {
    return Promise.resolve(this.teamStore.get(namespace, name));
  }

  has(kind: 'ArkAgent' | 'ArkTeam', namespace: string, name: string): boolean {
    return (kind === 'ArkAgent' ? this.agentStore : this.teamStore).has(namespace, name);
  }

  teams(namespace: string): CachedTeam[] {
    return this.teamStore.list(namespace);
  }

  budgets(namespace: string): BudgetObject[] {
    return this.budgetStore.list(namespace);
  }
}
