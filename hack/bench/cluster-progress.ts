// What the operator bench watches in its namespace, through the same Reflector the operator
// uses (event-driven, so a figure is the moment the last change arrived, not a poll's tick):
// ArkAgents (generation and status.observedGeneration), Deployments (existence) and ArkRuns
// (phase).
import { AppsV1Api } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { performance } from 'node:perf_hooks';
import { GROUP, VERSION } from '../../src/api/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { Reflector } from '../../src/kube/reflector.js';
import type { ListPage } from '../../src/kube/reflector.js';
import { ObjectStore } from '../../src/kube/store.js';

interface Generations {
  generation: number;
  observed: number | undefined;
}

type Listed = Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string; continue?: string } }>;

export class ClusterProgress {
  readonly agents = new ObjectStore<Generations>();
  readonly deployments = new ObjectStore<true>();
  readonly runs = new ObjectStore<string>();
  private readonly reflectors: Reflector<unknown>[];
  private readonly waiters = new Set<() => void>();

  constructor(clients: KubeClients, private readonly namespace: string) {
    const apps = clients.config.makeApiClient(AppsV1Api);
    const custom = (plural: string) => (page: ListPage) => clients.custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, ...page }) as Listed;
    const reflector = <T>(path: string, store: ObjectStore<T>, list: (page: ListPage) => Listed, transform: (object: KubernetesObject) => T | undefined) =>
      new Reflector<T>({
        config: clients.config, path, store, list, transform,
        onError: (error) => console.error(`bench watch: ${error.message}`),
        onChange: () => { for (const wake of this.waiters) wake(); },
      }) as Reflector<unknown>;
    const base = `/apis/${GROUP}/${VERSION}/namespaces/${namespace}`;
    this.reflectors = [
      reflector(`${base}/arkagents`, this.agents, custom('arkagents'), generations),
      reflector(`/apis/apps/v1/namespaces/${namespace}/deployments`, this.deployments, (page) => apps.listNamespacedDeployment({ namespace, ...page }) as Listed, () => true as const),
      reflector(`${base}/arkruns`, this.runs, custom('arkruns'), (object) => String((object as { status?: { phase?: unknown } }).status?.phase ?? '')),
    ];
  }

  async start(): Promise<void> {
    await Promise.all(this.reflectors.map((reflector) => reflector.start()));
  }

  stop(): void {
    for (const reflector of this.reflectors) reflector.stop();
  }

  /** Agents named with `prefix` whose status has caught up with `generation` and whose Deployment exists. */
  reconciled(prefix: string, generation: number): number {
    return this.agents.keys().filter(({ name }) => {
      const agent = this.agents.get(this.namespace, name);
      return name.startsWith(prefix) && agent?.generation === generation && agent.observed === generation && this.deployments.has(this.namespace, name);
    }).length;
  }

  /** Runs in `phase`. */
  inPhase(phase: string): number {
    return this.runs.list(this.namespace).filter((value) => value === phase).length;
  }

  /** Resolves with performance.now() at the change after which `done` holds; rejects after `timeoutMs` saying how far it got. */
  until(what: string, done: () => boolean, progress: () => string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve(performance.now());
      };
      const timer = setTimeout(() => finish(new Error(`${what}: not reached within ${timeoutMs} ms (${progress()})`)), timeoutMs);
      const check = () => { if (done()) finish(); };
      this.waiters.add(check);
      check();
    });
  }
}

function generations(object: KubernetesObject): Generations {
  const observed = (object as { status?: { observedGeneration?: unknown } }).status?.observedGeneration;
  return { generation: object.metadata?.generation ?? 0, observed: typeof observed === 'number' ? observed : undefined };
}
