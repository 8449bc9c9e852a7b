// The leader-elected half of the operator: the watched caches, one work queue per
// controller, and the map from a changed object to the keys to reconcile (a Deployment to
// its owning ArkAgent, a ConfigMap/Secret to the agents of its namespace that read it).
// Errors are logged once per state change: a failing key logs its first failure and its
// recovery, not every retry.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { CustomObjectsApi, AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { UsageLedger } from '../budget/index.js';
import type { Clock } from '../engine/clock.js';
import { Applier } from '../kube/apply.js';
import { GROUP, VERSION } from '../api/index.js';
import { reconcileAgent } from './agent/controller.js';
import type { AgentControllerDeps } from './agent/controller.js';
import { referencedNames } from './agent/deployment.js';
import { Informers } from './informers.js';
import type { Kind } from './informers.js';
import type { ControllerMetrics } from './metrics.js';
import { WorkQueue } from './work-queue.js';

/** What every controller the operator runs under the lease offers. */
export interface Controller {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ResourceControllerDeps {
  config: KubeConfig;
  clock: Clock;
  ledger?: UsageLedger;
  metrics?: ControllerMetrics;
  recordEvent?: AgentControllerDeps['recordEvent'];
  image: string;
  imagePullPolicy: string;
  redisUrl: string;
  log(line: string): void;
}

type Listed = Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string } }>;

/** The ArkAgent controller with its caches, as one start/stop unit. */
export function resourceControllers(deps: ResourceControllerDeps): Controller {
  const failing = new Set<string>();
  const informers = new Informers(deps.config, lister(deps.config), {
    onChange: (kind, namespace, name) => { for (const key of keysFor(informers, kind, namespace, name)) queue.add(key); },
    onError: (error) => deps.log(`controller: ${error.message}: ${String((error.cause as Error | undefined)?.message ?? '')}`),
  });
  const agentDeps: AgentControllerDeps = { ...deps, informers, applier: new Applier(deps.config) };
  // Declared after the informers that feed it; they call onChange only once started.
  const queue: WorkQueue = new WorkQueue({
    clock: deps.clock, workers: 4, baseDelayMs: 250, maxDelayMs: 60_000,
    ...(deps.metrics ? { observer: deps.metrics.observer('arkagent') } : {}),
    async process(key) {
      const [namespace = '', name = ''] = key.split('/');
      const result = await reconcileAgent(agentDeps, namespace, name);
      if (failing.delete(key)) deps.log(`controller: ArkAgent ${key} reconciled again`);
      return result;
    },
    onError(key, error) {
      if (failing.has(key)) return;
      failing.add(key);
      deps.log(`controller: ArkAgent ${key}: ${(error as Error).message}; retrying with backoff`);
    },
  });
  return {
    async start() {
      // The first list reports every agent through onChange, so each is reconciled once.
      await informers.start();
    },
    async stop() {
      informers.stop();
      await queue.stop();
    },
  };
}

function keysFor(informers: Informers, kind: Kind, namespace: string, name: string): string[] {
  if (kind === 'ArkAgent') return [`${namespace}/${name}`];
  if (kind === 'Deployment') {
    const owner = informers.deployments.get(namespace, name)?.owner ?? name;
    return [`${namespace}/${owner}`];
  }
  return informers.agents.list(namespace).flatMap((agent) => {
    if (!agent.spec.ok) return [];
    const names = referencedNames(agent.spec.value);
    return (kind === 'ConfigMap' ? names.configMaps : names.secrets).includes(name) ? [`${namespace}/${agent.name}`] : [];
  });
}

function lister(config: KubeConfig): (path: string) => () => Listed {
  const custom = config.makeApiClient(CustomObjectsApi);
  const apps = config.makeApiClient(AppsV1Api);
  const core = config.makeApiClient(CoreV1Api);
  return (path) => () => {
    if (path.endsWith('/deployments')) return apps.listDeploymentForAllNamespaces() as Listed;
    if (path.endsWith('/configmaps')) return core.listConfigMapForAllNamespaces() as Listed;
    if (path.endsWith('/secrets')) return core.listSecretForAllNamespaces() as Listed;
    return custom.listCustomObjectForAllNamespaces({ group: GROUP, version: VERSION, plural: 'arkagents' }) as Listed;
  };
}
