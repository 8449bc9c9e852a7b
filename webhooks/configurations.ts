// The Validating- and MutatingWebhookConfiguration for the ARKONIS kinds, built once here for
// `ark operator --dev-register`; manifests/webhooks/ holds the same rules for a cluster
// install (a unit test keeps the two equal). Status and scale subresources are not listed,
// so kube-apiserver never sends their updates (the operator must always write status).
import { GROUP, KINDS, VERSION } from '../src/api/index.js';
import { WEBHOOK_PATHS } from './app.js';
import type { WebhookName } from './admit.js';

export type ClientConfig =
  | { url: string; caBundle: string }
  | { service: { namespace: string; name: string; path: string; port: number }; caBundle?: string };

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export interface WebhookConfigOptions {
  /** metadata.name of both configuration objects. */
  name: string;
  clientConfig(path: string): ClientConfig;
  namespaceSelector: LabelSelector;
}

export const WEBHOOK_NAMES: Readonly<Record<WebhookName, string>> = { validate: 'validate.arkonis.dev', mutate: 'mutate.arkonis.dev' };
const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

/** Every namespace except the operator's own and kube-system (so a broken webhook cannot lock the operator out). */
export function excludeNamespaces(operatorNamespace: string): LabelSelector {
  return { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'NotIn', values: [operatorNamespace, 'kube-system'] }] };
}

/** Exactly one namespace (tests sharing a control plane). */
export function onlyNamespace(namespace: string): LabelSelector {
  return { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'In', values: [namespace] }] };
}

export function webhookConfigurations(options: WebhookConfigOptions): { validating: object; mutating: object } {
  const webhook = (which: WebhookName) => ({
    name: WEBHOOK_NAMES[which],
    clientConfig: options.clientConfig(WEBHOOK_PATHS[which]),
    rules: [{
      apiGroups: [GROUP], apiVersions: [VERSION], operations: ['CREATE', 'UPDATE'],
      resources: Object.values(KINDS).map((kind) => kind.plural), scope: 'Namespaced',
    }],
    namespaceSelector: options.namespaceSelector,
    failurePolicy: 'Fail',
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    timeoutSeconds: 5,
    matchPolicy: 'Equivalent',
  });
  return {
    validating: {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration',
      metadata: { name: options.name }, webhooks: [webhook('validate')],
    },
    mutating: {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration',
      metadata: { name: options.name }, webhooks: [{ ...webhook('mutate'), reinvocationPolicy: 'Never' }],
    },
  };
}
