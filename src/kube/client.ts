// The one place a KubeConfig is built, and the API clients made from it.
import { AdmissionregistrationV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { PooledKubeConfig } from './pooled-config.js';

export interface KubeClients {
  config: KubeConfig;
  custom: CustomObjectsApi;
  admission: AdmissionregistrationV1Api;
}

/** From a kubeconfig file when given; otherwise the in-cluster service account, then ~/.kube/config. */
export function kubeClients(kubeconfigFile?: string): KubeClients {
  const config = new PooledKubeConfig();
  try {
    if (kubeconfigFile !== undefined) config.loadFromFile(kubeconfigFile);
    else config.loadFromDefault();
  } catch (error) {
    throw new Error(`--kubeconfig ${kubeconfigFile ?? '(default)'}: cannot load (${(error as Error).message}); fix: point --kubeconfig at a readable kubeconfig`, { cause: error });
  }
  if (config.getCurrentCluster() === null) {
    throw new Error(`--kubeconfig ${kubeconfigFile ?? '(default)'}: no current cluster; fix: pass --kubeconfig, or run inside a cluster`);
  }
  return { config, custom: config.makeApiClient(CustomObjectsApi), admission: config.makeApiClient(AdmissionregistrationV1Api) };
}

/** The HTTP status of a client-node error, when it has one. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The reason and message of the Status object a failed client-node call carries, when it has one. */
export function apiStatus(error: unknown): { reason?: string; message?: string } {
  const body = (error as { body?: unknown } | null)?.body;
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { reason?: unknown; message?: unknown } | null;
    return {
      ...(typeof parsed?.reason === 'string' ? { reason: parsed.reason } : {}),
      ...(typeof parsed?.message === 'string' ? { message: parsed.message } : {}),
    };
  } catch {
    return {};
  }
}
