// The aggregated API server's calls to kube-apiserver: TokenReview, SubjectAccessReview,
// and the ARKONIS objects its routes read and write (the authentication ConfigMap is
// watched by auth-watch.ts). Built
// once from the operator's KubeConfig. Objects are read live (not from a cache): a task
// submission needs the agent's current labels, a retry the run's current status.
import { createHash } from 'node:crypto';
import {
  AuthenticationV1Api, AuthorizationV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions,
} from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject, V1SubjectAccessReviewSpec } from '@kubernetes/client-node';
import { GROUP, VERSION } from '../src/api/index.js';
import type { Clock } from '../src/engine/clock.js';
import { statusCode } from '../src/kube/client.js';
import { checkNames, passThrough } from './kube-errors.js';
import type { RequestAttributes } from './attributes.js';
import type { Decision } from './authz.js';
import type { UserInfo } from './authn.js';
import { withAuthenticated } from './authn.js';
import { TtlCache } from './ttl-cache.js';

export type ArkPlural = 'arkagents' | 'arkservices' | 'arkteams' | 'arkruns';

export interface ArkObject extends KubernetesObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** What the routes need of the cluster; the one implementation talks to kube-apiserver. */
export interface ClusterApi {
  get(namespace: string, plural: ArkPlural, name: string): Promise<ArkObject | undefined>;
  createRun(namespace: string, body: ArkObject): Promise<ArkObject>;
  /** Merge-patches metadata.annotations of an ArkRun. */
  annotateRun(namespace: string, name: string, annotations: Record<string, string>): Promise<ArkObject>;
}

const TOKEN_TTL_MS = 10_000;

export class KubeApi implements ClusterApi {
  private readonly authn: AuthenticationV1Api;
  private readonly authz: AuthorizationV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly tokens: TtlCache<UserInfo | null>;

  constructor(config: KubeConfig, clock: Clock) {
    this.authn = config.makeApiClient(AuthenticationV1Api);
    this.authz = config.makeApiClient(AuthorizationV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.tokens = new TtlCache({ maxEntries: 10_000, clock });
  }

  /** The token's user, or undefined when kube-apiserver does not accept it. Cached by hash, never by value. */
  async reviewToken(token: string): Promise<UserInfo | undefined> {
    const key = createHash('sha256').update(token).digest('base64');
    const cached = this.tokens.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const review = await this.authn.createTokenReview({ body: { spec: { token } } });
    const status = review.status;
    const user = status?.authenticated === true && status.user?.username !== undefined
      ? withAuthenticated({ username: status.user.username, groups: status.user.groups ?? [], extra: status.user.extra ?? {}, ...(status.user.uid !== undefined ? { uid: status.user.uid } : {}) })
      : null;
    this.tokens.set(key, user, TOKEN_TTL_MS);
    return user ?? undefined;
  }

  async reviewAccess(user: UserInfo, attributes: RequestAttributes): Promise<Decision> {
    const spec: V1SubjectAccessReviewSpec = { user: user.username, groups: user.groups, extra: user.extra, ...(user.uid !== undefined ? { uid: user.uid } : {}) };
    if (attributes.kind === 'resource') spec.resourceAttributes = { ...attributes.attributes, version: 'v1alpha1' };
    else spec.nonResourceAttributes = { path: attributes.path, verb: attributes.verb };
    const review = await this.authz.createSubjectAccessReview({ body: { spec } });
    const decision: Decision = { allowed: review.status?.allowed === true && review.status.denied !== true };
    if (review.status?.reason) decision.reason = review.status.reason;
    return decision;
  }

  async get(namespace: string, plural: ArkPlural, name: string): Promise<ArkObject | undefined> {
    checkNames(namespace, name);
    return await passThrough(async () => {
      try {
        return await this.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, name }) as ArkObject;
      } catch (error) {
        if (statusCode(error) === 404) return undefined;
        throw error;
      }
    });
  }

  async createRun(namespace: string, body: ArkObject): Promise<ArkObject> {
    return await this.custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: 'arkruns', body }) as ArkObject;
  }

  async annotateRun(namespace: string, name: string, annotations: Record<string, string>): Promise<ArkObject> {
    return await this.custom.patchNamespacedCustomObject(
      { group: GROUP, version: VERSION, namespace, plural: 'arkruns', name, body: { metadata: { annotations } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ) as ArkObject;
  }
}
