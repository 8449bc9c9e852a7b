// The APIService that puts runtime.arkonis.dev/v1alpha1 behind kube-apiserver, and the
// Service it points at. In a cluster both come from manifests/apiservice/; for a local
// control plane (`ark operator --dev-register`) the Service is an ExternalName pointing at
// localhost on the server's port, with the dev CA as caBundle, and both are removed again
// on a clean exit.
import { ApiregistrationV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1APIService, V1Service } from '@kubernetes/client-node';
import { statusCode } from '../src/kube/client.js';
import { API_GROUP, API_VERSION } from './discovery.js';

export const APISERVICE_NAME = `${API_VERSION}.${API_GROUP}`;
export const DEFAULT_SERVICE_NAME = 'arkonis-apiservice';

export interface ApiServiceTarget {
  serviceName: string;
  namespace: string;
  port: number;
  caPem: string;
}

export function apiServiceObject(target: ApiServiceTarget): V1APIService {
  return {
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService',
    metadata: { name: APISERVICE_NAME, labels: { 'app.kubernetes.io/part-of': 'arkonis' } },
    spec: {
      group: API_GROUP, version: API_VERSION,
      // Below the CRDs' group priority so discovery never prefers this group for their names.
      groupPriorityMinimum: 1000, versionPriority: 15,
      service: { name: target.serviceName, namespace: target.namespace, port: target.port },
      caBundle: Buffer.from(target.caPem).toString('base64'),
    },
  };
}

export function externalNameService(target: ApiServiceTarget): V1Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: target.serviceName, namespace: target.namespace, labels: { 'app.kubernetes.io/part-of': 'arkonis' } },
    spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'https', port: target.port, protocol: 'TCP' }] },
  };
}

/** Creates or replaces the namespace's Service and the APIService. */
export async function registerApiService(config: KubeConfig, target: ApiServiceTarget): Promise<void> {
  const core = config.makeApiClient(CoreV1Api);
  const registration = config.makeApiClient(ApiregistrationV1Api);
  await core.createNamespace({ body: { metadata: { name: target.namespace } } }).catch(ignore(409, `creating namespace ${target.namespace}`));
  await core.deleteNamespacedService({ name: target.serviceName, namespace: target.namespace }).catch(ignore(404, `replacing Service ${target.serviceName}`));
  await core.createNamespacedService({ namespace: target.namespace, body: externalNameService(target) });
  const body = apiServiceObject(target);
  try {
    const existing = await registration.readAPIService({ name: APISERVICE_NAME });
    await registration.replaceAPIService({ name: APISERVICE_NAME, body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } } });
  } catch (error) {
    if (statusCode(error) !== 404) throw new Error(`registering APIService ${APISERVICE_NAME} failed`, { cause: error });
    await registration.createAPIService({ body });
  }
}

export async function removeApiService(config: KubeConfig, target: Pick<ApiServiceTarget, 'serviceName' | 'namespace'>): Promise<void> {
  await config.makeApiClient(ApiregistrationV1Api).deleteAPIService({ name: APISERVICE_NAME }).catch(ignore(404, `removing APIService ${APISERVICE_NAME}`));
  await config.makeApiClient(CoreV1Api).deleteNamespacedService({ name: target.serviceName, namespace: target.namespace })
    .catch(ignore(404, `removing Service ${target.serviceName}`));
}

function ignore(code: number, doing: string): (error: unknown) => void {
  return (error) => {
    if (statusCode(error) !== code) throw new Error(`${doing} failed`, { cause: error });
  };
}
