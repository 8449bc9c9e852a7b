// The one place a KubeConfig is built, and the API clients made from it.
import { AdmissionregistrationV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

export interface KubeClients {
  config: KubeConfig;
  custom: CustomObjectsApi;
  admission: AdmissionregistrationV1Api;
}

/** From a kubeconfig file when given; otherwise the in-cluster service account, then ~/.kube/config. */
export function kubeClients(kubeconfigFile?: string): KubeClients {
  const config = new KubeConfig();
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
