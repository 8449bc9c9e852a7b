import { describe, expect, it } from 'vitest';
import { toAgent } from './informers.js';

const object = (spec: unknown) => ({
  apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', spec,
  metadata: { namespace: 'ns', name: 'a', uid: 'u', generation: 3, labels: { x: 'y' }, managedFields: [{ manager: 'kubectl' }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('the ArkAgent cache entry', () => {
  it('keeps the parsed spec, labels and conditions, and no managedFields', () => {
    const agent = toAgent(object({ model: 'mock', systemPrompt: 'Hi.' }));
    expect(agent).toMatchObject({ namespace: 'ns', name: 'a', uid: 'u', generation: 3, labels: { x: 'y' }, conditions: [{ type: 'Ready', status: 'True' }] });
    expect(agent.spec).toMatchObject({ ok: true, value: { model: 'mock', replicas: 1 } });
    expect(JSON.stringify(agent)).not.toContain('managedFields');
  });

  it('keeps a spec the webhooks would refuse as a problem naming the field and the fix', () => {
    const agent = toAgent(object({ model: 'mock', replicas: 500 }));
    expect(agent.spec).toEqual({ ok: false, problem: expect.stringMatching(/^spec\.replicas: .+; fix: correct the field \(the admission webhook would deny it\)$/) });
  });
});
