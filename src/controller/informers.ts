// The watched caches the controllers read, each keeping only the fields a reconcile reads
// (never managedFields, never Secret values): ArkAgents (spec parsed, labels, status
// conditions), owned Deployments (replica counts), ConfigMaps / Secrets (key names, to
// resolve prompt references), ArkServices (spec parsed, last status) and the Services they
// own (owner name). Every change is handed to `onChange`, which maps it to the keys of the
// objects to reconcile.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { arkAgentSpec, arkAgentStatus, GROUP, VERSION } from '../api/index.js';
import type { ArkAgentSpec, ArkAgentStatus } from '../api/index.js';
import { validateAgentSpec } from '../core/index.js';
import { Reflector } from '../kube/reflector.js';
import type { ReflectorOptions } from '../kube/reflector.js';
import { ObjectStore } from '../kube/store.js';
import type { Condition } from './agent/status.js';
import { toOwnedService, toService } from './service/cache.js';
import type { CachedOwnedService, CachedService } from './service/cache.js';
import { checkStoredSpec, storedStatus } from './stored-spec.js';
import type { StoredSpec } from './stored-spec.js';
import { toRun, toTeam } from './team/cache.js';
import type { CachedRun, CachedTeam } from './team/cache.js';

export interface CachedAgent {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  labels: Readonly<Record<string, string>>;
  /** The spec as parsed by the API schema, or the first problem when it fails the admission rules. */
  spec: StoredSpec<ArkAgentSpec>;
  /** status.conditions as stored. */
  conditions: readonly Condition[];
  /** The stored status fields the ArkAgent controller writes, so a write that changes nothing is skipped. */
  status: Readonly<ArkAgentStatus>;
}

export interface CachedDeployment {
  owner: string | undefined;
  replicas: number;
  readyReplicas: number;
}

export type Kind = 'ArkAgent' | 'Deployment' | 'ConfigMap' | 'Secret' | 'ArkTeam' | 'ArkRun' | 'ArkService' | 'Service';

type Lister = ReflectorOptions<unknown>['list'];

export class Informers {
  readonly agents = new ObjectStore<CachedAgent>();
  readonly deployments = new ObjectStore<CachedDeployment>();
  /** Key names of ConfigMaps and Secrets, by namespace and name. */
  readonly configMaps = new ObjectStore<readonly string[]>();
  readonly secrets = new ObjectStore<readonly string[]>();
  readonly teams = new ObjectStore<CachedTeam>();
  /** ArkRuns labelled with a team. */
  readonly runs = new ObjectStore<CachedRun>();
  readonly services = new ObjectStore<CachedService>();
  /** Kubernetes Services an ArkService controls. */
  readonly ownedServices = new ObjectStore<CachedOwnedService>();
  private readonly reflectors: Reflector<unknown>[];

  constructor(config: KubeConfig, list: (path: string) => Lister, handlers: { onChange(kind: Kind, namespace: string, name: string): void; onError(error: Error): void }) {
    const watch = <T>(kind: Kind, path: string, store: ObjectStore<T>, transform: (o: KubernetesObject) => T | undefined) =>
      new Reflector<T>({
        config, path, store, transform, list: list(path), onError: handlers.onError,
        onChange: (namespace, name) => handlers.onChange(kind, namespace, name),
      }) as Reflector<unknown>;
    this.reflectors = [
      watch('ArkAgent', `/apis/${GROUP}/${VERSION}/arkagents`, this.agents, toAgent),
      watch('Deployment', '/apis/apps/v1/deployments', this.deployments, toDeployment),
      watch('ConfigMap', '/api/v1/configmaps', this.configMaps, keysOf),
      watch('Secret', '/api/v1/secrets', this.secrets, keysOf),
      watch('ArkTeam', `/apis/${GROUP}/${VERSION}/arkteams`, this.teams, toTeam),
      watch('ArkRun', `/apis/${GROUP}/${VERSION}/arkruns`, this.runs, toRun),
      watch('ArkService', `/apis/${GROUP}/${VERSION}/arkservices`, this.services, toService),
      watch('Service', '/api/v1/services', this.ownedServices, toOwnedService),
    ];
  }

  async start(): Promise<void> {
    await Promise.all(this.reflectors.map((reflector) => reflector.start()));
  }

  synced(): boolean {
    return this.reflectors.every((reflector) => reflector.synced());
  }

  stop(): void {
    for (const reflector of this.reflectors) reflector.stop();
  }
}

type Loose = KubernetesObject & { spec?: unknown; status?: Record<string, unknown>; data?: Record<string, unknown>; binaryData?: Record<string, unknown> };

/** What the cache keeps of an ArkAgent; a spec the admission rules refuse is kept as its first problem. */
export function toAgent(object: KubernetesObject): CachedAgent {
  const { namespace = '', name = '', uid = '', generation = 0, labels = {} } = object.metadata ?? {};
  const spec = checkStoredSpec(arkAgentSpec, (object as Loose).spec, validateAgentSpec);
  const status = storedStatus((object as Loose).status, AGENT_STATUS_FIELDS) as ArkAgentStatus;
  const conditions = Array.isArray(status.conditions) ? status.conditions as Condition[] : [];
  return { namespace, name, uid, generation, labels, spec, conditions, status };
}

const AGENT_STATUS_FIELDS = Object.keys(arkAgentStatus.shape);


/** Only Deployments an ArkAgent owns are kept. */
function toDeployment(object: KubernetesObject): CachedDeployment | undefined {
  const owner = object.metadata?.ownerReferences?.find((ref) => ref.kind === 'ArkAgent' && ref.apiVersion.startsWith(`${GROUP}/`));
  if (!owner) return undefined;
  const status = (object as Loose).status ?? {};
  const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
  return { owner: owner.name, replicas: count(status.replicas), readyReplicas: count(status.readyReplicas) };
}

function keysOf(object: KubernetesObject): readonly string[] {
  const { data = {}, binaryData = {} } = object as Loose;
  return [...Object.keys(data), ...Object.keys(binaryData)];
}
