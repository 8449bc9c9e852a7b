// The leader-elected half of the operator: the watched caches, one work queue per
// controller (ArkAgent, ArkTeam, ArkService), and the map from a changed object to the keys to reconcile
// (a Deployment to its owning ArkAgent, a ConfigMap/Secret to the agents of its namespace
// that read it, an ArkTeam to its role agents; a role agent or team run to its team; an
// ArkAgent or owned Service to the ArkServices that target or own it).
// Errors are logged once per state change: a failing key logs its first failure and its
// recovery, not every retry.
import type { KubeConfig } from '@kubernetes/client-node';
import { CustomObjectsApi, AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { UsageLedger } from '../budget/index.js';
import type { Clock } from '../engine/clock.js';
import { Applier } from '../kube/apply.js';
import type { ListPage, ReflectorOptions } from '../kube/reflector.js';
import { GROUP, VERSION } from '../api/index.js';
import { reconcileAgent } from './agent/controller.js';
import type { AgentControllerDeps } from './agent/controller.js';
import { referencedNames } from './agent/deployment.js';
import { Informers } from './informers.js';
import type { Kind } from './informers.js';
import type { ControllerMetrics } from './metrics.js';
import { readinessReader } from './service/registry.js';
import { reconcileService, serviceKeysFor } from './service/controller.js';
import { reconcileTeam, teamRoleFrom } from './team/controller.js';
import { TEAM_LABEL } from './agent/labels.js';
import type { ReconcileResult } from './result.js';
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

type Listed = ReturnType<ReflectorOptions<unknown>['list']>;

/** The ArkAgent, ArkTeam and ArkService controllers with their shared caches, as one start/stop unit. */
export function resourceControllers(deps: ResourceControllerDeps): Controller {
  const informers = new Informers(deps.config, lister(deps.config), {
    onChange: (kind, namespace, name) => {
      for (const key of keysFor(informers, kind, namespace, name)) agents.add(key);
      for (const key of teamKeysFor(informers, kind, namespace, name)) teams.add(key);
      for (const key of serviceKeysFor(informers, kind, namespace, name)) services.add(key);
    },
    onError: (error) => deps.log(`controller: ${error.message}: ${String((error.cause as Error | undefined)?.message ?? '')}`),
  });
  const applier = new Applier(deps.config);
  const agentDeps: AgentControllerDeps = { ...deps, informers, applier, teamRole: teamRoleFrom(informers) };
  // Declared after the informers that feed them; they call onChange only once started.
  const agents = controllerQueue(deps, 'ArkAgent', (namespace, name) => reconcileAgent(agentDeps, namespace, name));
  const teams = controllerQueue(deps, 'ArkTeam', (namespace, name) => reconcileTeam({ informers, applier, clock: deps.clock }, namespace, name));
  const readiness = readinessReader(deps.redisUrl);
  const serviceDeps = { informers, applier, clock: deps.clock, readiness: readiness.registry, ...(deps.recordEvent ? { recordEvent: deps.recordEvent } : {}) };
  const services = controllerQueue(deps, 'ArkService', (namespace, name) => reconcileService(serviceDeps, namespace, name));
  return {
    async start() {
      // The first list reports every object through onChange, so each is reconciled once.
      await informers.start();
    },
    async stop() {
      informers.stop();
      await Promise.all([agents.stop(), teams.stop(), services.stop()]);
      await readiness.close();
    },
  };
}

/** A work queue for one kind whose errors are logged once per state change. */
function controllerQueue(deps: ResourceControllerDeps, kind: string, reconcile: (namespace: string, name: string) => Promise<ReconcileResult | void>): WorkQueue {
  const failing = new Set<string>();
  return new WorkQueue({
    clock: deps.clock, workers: 4, baseDelayMs: 250, maxDelayMs: 60_000,
    ...(deps.metrics ? { observer: deps.metrics.observer(kind.toLowerCase()) } : {}),
    async process(key) {
      const [namespace = '', name = ''] = key.split('/');
      const result = await reconcile(namespace, name);
      if (failing.delete(key)) deps.log(`controller: ${kind} ${key} reconciled again`);
      return result;
    },
    onError(key, error) {
      if (failing.has(key)) return;
      failing.add(key);
      deps.log(`controller: ${kind} ${key}: ${(error as Error).message}; retrying with backoff`);
    },
  });
}

function teamKeysFor(informers: Informers, kind: Kind, namespace: string, name: string): string[] {
  if (kind === 'ArkTeam') return [`${namespace}/${name}`];
  const agent = kind === 'Deployment' ? informers.deployments.get(namespace, name)?.owner ?? name : name;
  const team = kind === 'ArkRun' ? informers.runs.get(namespace, name)?.team
    : kind === 'ArkAgent' || kind === 'Deployment' ? informers.agents.get(namespace, agent)?.labels[TEAM_LABEL] : undefined;
  return team === undefined ? [] : [`${namespace}/${team}`];
}

function keysFor(informers: Informers, kind: Kind, namespace: string, name: string): string[] {
  if (kind === 'ArkAgent') return [`${namespace}/${name}`];
  if (kind === 'ArkRun') return [];
  if (kind === 'ArkTeam') return informers.agents.list(namespace).filter((agent) => agent.labels[TEAM_LABEL] === name).map((agent) => `${namespace}/${agent.name}`);
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

function lister(config: KubeConfig): (path: string) => (page: ListPage) => Listed {
  const custom = config.makeApiClient(CustomObjectsApi);
  const apps = config.makeApiClient(AppsV1Api);
  const core = config.makeApiClient(CoreV1Api);
  return (path) => (page) => {
    if (path === '/api/v1/services') return core.listServiceForAllNamespaces(page) as Listed;
    if (path.endsWith('/deployments')) return apps.listDeploymentForAllNamespaces(page) as Listed;
    if (path.endsWith('/configmaps')) return core.listConfigMapForAllNamespaces(page) as Listed;
    if (path.endsWith('/secrets')) return core.listSecretForAllNamespaces(page) as Listed;
    const plural = path.slice(path.lastIndexOf('/') + 1);
    return custom.listCustomObjectForAllNamespaces({ group: GROUP, version: VERSION, plural, ...page }) as Listed;
  };
}
