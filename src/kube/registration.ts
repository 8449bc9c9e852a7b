// Registering and removing webhook configurations (create, or replace what is there), for
// `ark operator --dev-register`. Removal tolerates objects already gone.
import type { V1MutatingWebhookConfiguration, V1ValidatingWebhookConfiguration } from '@kubernetes/client-node';
import type { KubeClients } from './client.js';
import { statusCode } from './client.js';

export interface WebhookConfigurationPair {
  validating: object;
  mutating: object;
}

export async function registerWebhookConfigurations(clients: KubeClients, pair: WebhookConfigurationPair): Promise<void> {
  const api = clients.admission;
  const validating = pair.validating as V1ValidatingWebhookConfiguration;
  const mutating = pair.mutating as V1MutatingWebhookConfiguration;
  await upsert(validating, (name) => api.readValidatingWebhookConfiguration({ name }),
    (body) => api.createValidatingWebhookConfiguration({ body }), (name, body) => api.replaceValidatingWebhookConfiguration({ name, body }));
  await upsert(mutating, (name) => api.readMutatingWebhookConfiguration({ name }),
    (body) => api.createMutatingWebhookConfiguration({ body }), (name, body) => api.replaceMutatingWebhookConfiguration({ name, body }));
}

export async function removeWebhookConfigurations(clients: KubeClients, name: string): Promise<void> {
  const ignoreMissing = (error: unknown): void => {
    if (statusCode(error) !== 404) throw new Error(`removing webhook configuration ${name} failed`, { cause: error });
  };
  await clients.admission.deleteValidatingWebhookConfiguration({ name }).catch(ignoreMissing);
  await clients.admission.deleteMutatingWebhookConfiguration({ name }).catch(ignoreMissing);
}

async function upsert<T extends { metadata?: { name?: string; resourceVersion?: string } }>(
  object: T, read: (name: string) => Promise<T>, create: (body: T) => Promise<T>, replace: (name: string, body: T) => Promise<T>,
): Promise<void> {
  const name = object.metadata?.name ?? '';
  try {
    const existing = await read(name);
    await replace(name, { ...object, metadata: { ...object.metadata, resourceVersion: existing.metadata?.resourceVersion } });
  } catch (error) {
    if (statusCode(error) !== 404) throw new Error(`registering webhook configuration ${name} failed`, { cause: error });
    await create(object);
  }
}
