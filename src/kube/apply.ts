// Server-side apply with the operator's one field manager. Objects (Deployments, Services,
// ArkAgents) go through KubernetesObjectApi; status goes through the status subresource, so
// a status write never touches spec and a spec apply never clears status. force=true: the
// operator owns the fields it writes, whoever wrote them before.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubernetesObjectApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { GROUP, VERSION } from '../api/index.js';

export const FIELD_MANAGER = 'arkonis-operator';

export class Applier {
  private readonly objects: KubernetesObjectApi;
  private readonly custom: CustomObjectsApi;
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;

  constructor(config: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(config);
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.apps = config.makeApiClient(AppsV1Api);
    this.core = config.makeApiClient(CoreV1Api);
  }

  /** Applies the fields of `object` the operator owns. */
  async apply(object: Record<string, unknown>): Promise<void> {
    await this.objects.patch(object as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }

  /** Applies `status` of an ARKONIS object through its status subresource. */
  async applyStatus(target: { kind: string; plural: string; namespace: string; name: string }, status: unknown): Promise<void> {
    const body = { apiVersion: `${GROUP}/${VERSION}`, kind: target.kind, metadata: { name: target.name, namespace: target.namespace }, status };
    await this.custom.patchNamespacedCustomObjectStatus(
      { group: GROUP, version: VERSION, plural: target.plural, namespace: target.namespace, name: target.name, body, fieldManager: FIELD_MANAGER, force: true },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
  }

  /** Deletes a core Service; one already gone is not an error. */
  async deleteService(namespace: string, name: string): Promise<void> {
    await ignoreNotFound(this.core.deleteNamespacedService({ namespace, name }));
  }

  /** Deletes an object; one already gone is not an error. */
  async deleteCustom(plural: string, namespace: string, name: string): Promise<void> {
    await ignoreNotFound(this.custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, plural, namespace, name }));
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 404) throw error;
  }
}
