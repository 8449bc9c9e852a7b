import { describe, expect, it } from 'vitest';
import { arkTeamSpec } from '../../api/index.js';
import { extraRoleAgents, planRoleAgents, teamRoleEnv } from './agents.js';
import { invalidTeamStatus, planTeamStatus, runsToPrune } from './status.js';

const T = Date.UTC(2026, 11, 1, 12);
const spec = arkTeamSpec.parse({
  roles: [
    { name: 'writer', model: 'mock', systemPrompt: 'Write.', replicas: 2, canDelegate: ['editor'] },
    { name: 'editor', model: 'mock', systemPrompt: 'Edit.' },
    { name: 'reviewer', arkAgent: 'existing' },
  ],
  entry: 'writer',
  limits: { maxDailyTokens: 1000 },
});
const team = { namespace: 'ns', name: 'blog', uid: 'u-1' };

describe('team role agents', () => {
  it('plans one owned, labelled ArkAgent per inline role with the role fields as spec', () => {
    const agents = planRoleAgents(team, spec);
    expect(agents.map((a) => (a.metadata as { name: string }).name)).toEqual(['blog-writer', 'blog-editor']);
    expect(agents[0]).toEqual({
      apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent',
      metadata: {
        name: 'blog-writer', namespace: 'ns', labels: { 'arkonis.dev/team': 'blog', 'arkonis.dev/role': 'writer' },
        ownerReferences: [{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', name: 'blog', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
      },
      spec: { model: 'mock', systemPrompt: 'Write.', replicas: 2 },
    });
  });

  it('names the owned agents no role wants any more', () => {
    expect(extraRoleAgents('blog', spec, ['blog-writer', 'blog-old', 'blog-editor', 'blog-gone'])).toEqual(['blog-gone', 'blog-old']);
    expect(extraRoleAgents('blog', spec, ['existing'])).toEqual([]); // the reviewer role's own agent, labelled by hand
  });

  it('gives a role the team daily limit and its delegates', () => {
    expect(teamRoleEnv(spec, 'writer')).toEqual({ maxDailyTokens: 1000, canDelegate: ['editor'] });
    expect(teamRoleEnv(spec, 'editor')).toEqual({ maxDailyTokens: 1000 });
  });
});

describe('team status', () => {
  const ready = { ready: true, replicas: 1, readyReplicas: 1 };
  it('is Ready when every role agent is Ready, with the newest run', () => {
    const status = planTeamStatus({
      generation: 3, now: T, previous: [], roles: [{ name: 'writer', agent: ready }, { name: 'editor', agent: ready }],
      runs: [{ name: 'r1', phase: 'Succeeded', createdMs: T - 2 }, { name: 'r2', phase: 'Running', createdMs: T - 1 }],
    });
    expect(status).toMatchObject({ phase: 'Ready', observedGeneration: 3, lastRunName: 'r2', roles: [{ name: 'writer', ready: true }, { name: 'editor', ready: true }] });
    expect(status.conditions).toEqual([{ type: 'Ready', status: 'True', reason: 'AllRolesReady', message: '2/2 roles ready', lastTransitionTime: '2026-12-01T12:00:00Z', observedGeneration: 3 }]);
  });

  it('is Degraded naming the roles whose agent is missing or not ready', () => {
    const status = planTeamStatus({ generation: 1, now: T, previous: [], roles: [{ name: 'writer', agent: { ...ready, ready: false } }, { name: 'editor' }], runs: [] });
    expect(status).toMatchObject({ phase: 'Degraded', roles: [{ name: 'writer', ready: false }, { name: 'editor', ready: false, replicas: 0 }] });
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'RolesNotReady', message: 'not ready: writer, editor' });
    expect(status.lastRunName).toBeUndefined();
  });
});

describe('runsToPrune', () => {
  it('keeps the newest terminal runs per limit, never a running run, and deletes oldest first', () => {
    const runs = [
      { name: 's1', phase: 'Succeeded' as const, createdMs: 1 }, { name: 's2', phase: 'Succeeded' as const, createdMs: 2 },
      { name: 's3', phase: 'Succeeded' as const, createdMs: 3 }, { name: 'f1', phase: 'Failed' as const, createdMs: 4 },
      { name: 't1', phase: 'TimedOut' as const, createdMs: 5 }, { name: 'run', phase: 'Running' as const, createdMs: 0 },
      { name: 'new', createdMs: -1 },
    ];
    expect(runsToPrune(runs, { succeeded: 1, failed: 1 })).toEqual(['s1', 's2', 'f1']);
    expect(runsToPrune(runs, { succeeded: 10, failed: 5 })).toEqual([]);
    expect(runsToPrune(runs, { succeeded: 0, failed: 0 })).toEqual(['s1', 's2', 's3', 'f1', 't1']);
  });
});

describe('the status of a team the admission rules refuse', () => {
  it('is Failed with the problem as the Ready condition, and nothing else planned', () => {
    const status = invalidTeamStatus({ generation: 4, now: T, previous: [] }, 'spec.entry: no role "x"; fix: name a role');
    expect(status).toEqual({
      phase: 'Failed', observedGeneration: 4,
      conditions: [{ type: 'Ready', status: 'False', reason: 'InvalidSpec', message: 'spec.entry: no role "x"; fix: name a role', lastTransitionTime: '2026-12-01T12:00:00Z', observedGeneration: 4 }],
    });
  });
});

