import { describe, expect, it } from 'vitest';
import { toAgent } from './informers.js';
import { toTeam } from './team/cache.js';

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

  it('checks a schema-valid spec with the admission rules too, and keeps their first error with its fix', () => {
    const agent = toAgent(object({ model: 'mock' }));
    expect(agent.spec.ok).toBe(false);
    expect(agent.spec).toEqual({ ok: false, problem: expect.stringMatching(/^spec\.systemPrompt.*; fix: .+/) });
  });
});

describe('the ArkTeam cache entry', () => {
  const team = (name: string, spec: unknown) => {
    const object = { apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', metadata: { namespace: 'ns', name, generation: 2 }, spec };
    return toTeam(object);
  };
  const roles = [{ name: 'writer', model: 'mock', systemPrompt: 'Write.' }];

  it('keeps a team that passes the admission rules as its parsed spec', () => {
    expect(team('blog', { roles, entry: 'writer' }).spec).toMatchObject({ ok: true, value: { roles: [{ name: 'writer' }] } });
  });

  it('keeps a team the rules refuse (an unknown entry role) as that problem', () => {
    expect(team('blog', { roles, entry: 'nobody' }).spec).toEqual({ ok: false, problem: expect.stringMatching(/^spec\.entry: .*nobody.*; fix: /) });
  });

  it('refuses a role whose owned ArkAgent name would exceed 63 characters', () => {
    expect(team('t'.repeat(60), { roles, entry: 'writer' }).spec).toEqual({ ok: false, problem: expect.stringContaining('spec.roles[0].name') });
  });
});

