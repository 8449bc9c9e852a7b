// manifests/webhooks/ and the configurations --dev-register builds carry the same rules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { excludeNamespaces, webhookConfigurations } from './configurations.js';

const built = webhookConfigurations({
  name: 'arkonis-webhooks',
  clientConfig: (path) => ({ service: { namespace: 'arkonis-system', name: 'arkonis-webhooks', path, port: 443 } }),
  namespaceSelector: excludeNamespaces('arkonis-system'),
});

describe('webhook configurations', () => {
  it.each([['validating', built.validating], ['mutating', built.mutating]] as const)('manifests/webhooks/%s.yaml matches the built one', (file, object) => {
    const manifest = parse(readFileSync(`manifests/webhooks/${file}.yaml`, 'utf8')) as { metadata: { annotations: Record<string, string> } };
    expect(manifest.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('arkonis-system/arkonis-webhook-serving');
    manifest.metadata.annotations = {};
    expect({ ...manifest, metadata: { name: 'arkonis-webhooks' } }).toEqual(object);
  });

  it('never sends status or scale updates, and fails closed', () => {
    const [webhook] = (built.validating as { webhooks: { rules: { resources: string[] }[]; failurePolicy: string; sideEffects: string }[] }).webhooks;
    expect(webhook?.rules[0]?.resources.some((r) => r.includes('/'))).toBe(false);
    expect([webhook?.failurePolicy, webhook?.sideEffects]).toEqual(['Fail', 'None']);
  });
});
