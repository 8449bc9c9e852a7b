// The feed of AuthSource from kube-apiserver: a Reflector (src/kube/reflector.ts) listing
// and watching the one ConfigMap by a metadata.name field selector, which the
// extension-apiserver-authentication-reader Role allows (its resourceNames name it).
import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';
import { Reflector } from '../src/kube/reflector.js';
import { ObjectStore } from '../src/kube/store.js';
import { AUTH_CONFIGMAP } from './auth-config.js';
import type { AuthFeed, AuthFeedHandlers } from './auth-source.js';

type Data = Readonly<Record<string, string>>;

/** Watches ConfigMap `where` (default kube-system/extension-apiserver-authentication). */
export function watchAuthConfigMap(config: KubeConfig, handlers: AuthFeedHandlers, where: { namespace: string; name: string } = AUTH_CONFIGMAP): AuthFeed {
  const core = config.makeApiClient(CoreV1Api);
  const fieldSelector = `metadata.name=${where.name}`;
  const store = new ObjectStore<Data>();
  const reflector = new Reflector<Data>({
    config, path: `/api/v1/namespaces/${where.namespace}/configmaps`, fieldSelector, store,
    list: () => core.listNamespacedConfigMap({ namespace: where.namespace, fieldSelector }) as Promise<{ items: KubernetesObject[] }>,
    transform: (object) => (object as V1ConfigMap).data ?? {},
    onChange: (_namespace, _name, data) => handlers.deliver(data),
    onError: handlers.failed,
  });
  return {
    async start() {
      await reflector.start();
      // An empty first list calls no onChange: the ConfigMap is missing.
      if (reflector.synced() && !store.has(where.namespace, where.name)) handlers.deliver(undefined);
    },
    stop: () => reflector.stop(),
  };
}
