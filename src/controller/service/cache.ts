// What the caches keep of ArkServices (the spec as the API schema and the service rules
// parse it, the last status written) and of the Kubernetes Services an ArkService owns
// (the owner's name only: enough to re-queue it and to know whether one exists).
import type { KubernetesObject } from '@kubernetes/client-node';
import { arkServiceSpec, arkServiceStatus, GROUP } from '../../api/index.js';
import type { ArkServiceSpec, ArkServiceStatus } from '../../api/index.js';
import { validateServiceSpec } from '../../core/validate/service.js';
import type { Condition } from '../agent/status.js';
import { checkStoredSpec, storedStatus } from '../stored-spec.js';
import type { StoredSpec } from '../stored-spec.js';

export interface CachedService {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  /** The parsed spec, or its first problem (naming the field and the fix) when it does not pass. */
  spec: StoredSpec<ArkServiceSpec>;
  conditions: readonly Condition[];
  /** status.readyReplicas as last written; kept while the readiness registry cannot be read. */
  readyReplicas: number | undefined;
  /** The stored status fields the ArkService controller writes, so a write that changes nothing is skipped. */
  status: Readonly<ArkServiceStatus>;
}

export interface CachedOwnedService {
  /** The name of the ArkService that is the Service's controller. */
  owner: string;
}

type Loose = KubernetesObject & { spec?: unknown; status?: { conditions?: unknown; readyReplicas?: unknown } };

const SERVICE_STATUS_FIELDS = Object.keys(arkServiceStatus.shape);

export function toService(object: KubernetesObject): CachedService {
  const { namespace = '', name = '', uid = '', generation = 0 } = object.metadata ?? {};
  const status = (object as Loose).status ?? {};
  return {
    namespace, name, uid, generation, spec: parseSpec((object as Loose).spec),
    conditions: Array.isArray(status.conditions) ? status.conditions as Condition[] : [],
    readyReplicas: typeof status.readyReplicas === 'number' ? status.readyReplicas : undefined,
    status: storedStatus(status, SERVICE_STATUS_FIELDS) as ArkServiceStatus,
  };
}

/** Only Services an ArkService controls are kept. */
export function toOwnedService(object: KubernetesObject): CachedOwnedService | undefined {
  const owner = object.metadata?.ownerReferences?.find((ref) => ref.kind === 'ArkService' && ref.controller === true && ref.apiVersion.startsWith(`${GROUP}/`));
  return owner ? { owner: owner.name } : undefined;
}

/** The webhooks' rules, again: a stored spec may predate them or have been written while they were off. */
function parseSpec(raw: unknown): CachedService['spec'] {
  return checkStoredSpec(arkServiceSpec, raw, validateServiceSpec);
}
