// The aggregated API's authentication settings follow their ConfigMap through a watch on the
// real kube-apiserver: a replaced client CA is used within moments, and a deleted ConfigMap
// keeps the last settings. A ConfigMap of this suite's namespace stands in for
// kube-system/extension-apiserver-authentication, which kube-apiserver itself rewrites.
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSource } from '../../apiservice/auth-source.js';
import { watchAuthConfigMap } from '../../apiservice/auth-watch.js';
import { createCA } from '../../hack/kube-env/certs.js';
import { waitFor } from '../../hack/kube-env/net.js';
import { kubeEnv, kubectl } from '../support/kube.js';

const NS = 'e2e-auth-watch';
const first = createCA('client-ca-one');
const second = createCA('client-ca-two');
const configMap = (pem: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'auth', namespace: NS }, data: { 'client-ca-file': pem } });

beforeAll(async () => {
  await kubectl(['create', 'namespace', NS]);
  await kubectl(['apply', '-f', '-'], { stdin: configMap(first.certPem) });
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFailure: true });
});

describe('AuthSource watching its ConfigMap', () => {
  it('reads the CA at start, picks up a replaced CA, and keeps it when the ConfigMap is deleted', async () => {
    const config = new KubeConfig();
    config.loadFromFile(kubeEnv().kubeconfig);
    const errors: string[] = [];
    const where = { namespace: NS, name: 'auth' };
    const auth = new AuthSource({ feed: (handlers) => watchAuthConfigMap(config, handlers, where), where, onError: (e) => errors.push(e.message) });
    const subjects = (): string[] => auth.current().clientCas.map((ca) => ca.subject);
    try {
      await auth.start();
      expect(auth.notReady()).toBeUndefined();
      expect(subjects()).toEqual(['CN=client-ca-one']);

      await kubectl(['apply', '-f', '-'], { stdin: configMap(second.certPem) });
      await waitFor('the replaced CA', async () => subjects()[0] === 'CN=client-ca-two', 10_000, () => undefined);

      await kubectl(['delete', 'configmap', 'auth', '-n', NS]);
      await waitFor('the deletion reported', async () => errors.some((e) => e.includes('does not exist; keeping the last settings read')), 10_000, () => undefined);
      expect(subjects()).toEqual(['CN=client-ca-two']);
    } finally {
      auth.stop();
    }
  });

  it('a ConfigMap that does not exist leaves it not ready, saying so', async () => {
    const config = new KubeConfig();
    config.loadFromFile(kubeEnv().kubeconfig);
    const where = { namespace: NS, name: 'missing' };
    const auth = new AuthSource({ feed: (handlers) => watchAuthConfigMap(config, handlers, where), where, onError: () => undefined });
    await auth.start();
    auth.stop();
    expect(auth.notReady()).toBe(`authentication settings not read yet: ${NS}/missing does not exist`);
  });
});
