// Watched caches of the ARKONIS objects admission reads: teams (spec, labels, generation),
// agents (existence only) and ArkBudgets. A team missing from the cache is fetched once
// live, so a run created right after its team is admitted.
import type { KubernetesObject } from '@kubernetes/client-node';
import { arkBudgetSpec, arkTeamSpec, GROUP, KINDS, VERSION } from '../api/index.js';
import type { ArkBudgetSpec, ArkTeamSpec } from '../api/index.js';
import type { KubeClients } from './client.js';
import { statusCode } from './client.js';
import { Reflector } from './reflector.js';
import { ObjectStore } from './store.js';

export interface CachedTeam {
  namespace: string;
  name: string;
  uid?: string;
  generation?: number;
  labels: Readonly<Record<string, string>>;
  /** Parsed by the API schema; undefined when the stored spec does not pass it. */
  spec: ArkTeamSpec | undefined;
}

export interface CachedBudget {
  namespace: string;
  name: string;
  spec: ArkBudgetSpec;
}

type Plural = 'arkteams' | 'arkagents' | 'arkbudgets';

export class ArkCache {
  readonly teamStore = new ObjectStore<CachedTeam>();
  readonly agentStore = new ObjectStore<true>();
  readonly budgetStore = new ObjectStore<CachedBudget>();
  private readonly reflectors: Reflector<unknown>[];

  constructor(private readonly clients: KubeClients, onError: (error: Error) => void) {
    const reflector = <T>(plural: Plural, store: ObjectStore<T>, transform: (o: KubernetesObject) => T | undefined) =>
      new Reflector<T>({
        config: clients.config, path: `/apis/${GROUP}/${VERSION}/${plural}`, store, transform, onError,
        list: (page) => clients.custom.listCustomObjectForAllNamespaces({ group: GROUP, version: VERSION, plural, ...page }) as Promise<{ items: KubernetesObject[] }>,
      }) as Reflector<unknown>;
    this.reflectors = [
      reflector('arkteams', this.teamStore, toCachedTeam),
      reflector('arkagents', this.agentStore, () => true as const),
      reflector('arkbudgets', this.budgetStore, toCachedBudget),
    ];
  }

  async start(): Promise<void> {
    await Promise.all(this.reflectors.map((r) => r.start()));
  }

  stop(): void {
    for (const r of this.reflectors) r.stop();
  }

  /** Undefined when every watch has listed once; else which are not synced yet. */
  notSynced(): string | undefined {
    const missing = this.reflectors.flatMap((r, i) => (r.synced() ? [] : [(['arkteams', 'arkagents', 'arkbudgets'] as const)[i]]));
    return missing.length === 0 ? undefined : `not synced yet: ${missing.join(', ')}`;
  }

  async team(namespace: string, name: string): Promise<CachedTeam | undefined> {
    const cached = this.teamStore.get(namespace, name);
    if (cached !== undefined) return cached;
    try {
      const object = await this.clients.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: KINDS.ArkTeam.plural, name }) as KubernetesObject;
      const team = toCachedTeam(object);
      this.teamStore.set(namespace, name, team);
      return team;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw new Error(`reading ArkTeam ${namespace}/${name} from the API server failed`, { cause: error });
    }
  }

  has(kind: 'ArkAgent' | 'ArkTeam', namespace: string, name: string): boolean {
    return (kind === 'ArkAgent' ? this.agentStore : this.teamStore).has(namespace, name);
  }

  teams(namespace: string): CachedTeam[] {
    return this.teamStore.list(namespace);
  }

  budgets(namespace: string): CachedBudget[] {
    return this.budgetStore.list(namespace);
  }
}

function toCachedTeam(object: KubernetesObject): CachedTeam {
  const metadata = object.metadata ?? {};
  const parsed = arkTeamSpec.safeParse((object as { spec?: unknown }).spec);
  const team: CachedTeam = { namespace: metadata.namespace ?? '', name: metadata.name ?? '', labels: metadata.labels ?? {}, spec: parsed.success ? parsed.data : undefined };
  if (metadata.uid !== undefined) team.uid = metadata.uid;
  if (metadata.generation !== undefined) team.generation = metadata.generation;
  return team;
}

/** A budget whose spec does not parse covers nothing (its admission would have denied it). */
function toCachedBudget(object: KubernetesObject): CachedBudget | undefined {
  const parsed = arkBudgetSpec.safeParse((object as { spec?: unknown }).spec);
  return parsed.success ? { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '', spec: parsed.data } : undefined;
}
