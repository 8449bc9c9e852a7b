// A reconcile whose planned status equals the stored one writes nothing: the ArkService
// controller re-plans every 5 s and the ArkAgent controller every 30 s while a budget is
// set, and on every event of the agent's Deployment. The stored status is what the watch
// delivers after the write (a JSON round trip, as from the apiserver).
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../engine/fake-clock.js';
import type { Applier } from '../kube/apply.js';
import { reconcileAgent } from './agent/controller.js';
import { Informers, toAgent } from './informers.js';
import { reconcileService } from './service/controller.js';
import { toService } from './service/cache.js';

interface Written { kind: string; name: string; status: unknown }

function fakeApplier(): { applier: Applier; statuses: Written[]; applied: unknown[] } {
  const statuses: Written[] = [];
  const applied: unknown[] = [];
  const applier = {
    apply: (object: unknown) => { applied.push(object); return Promise.resolve(); },
    applyStatus: (target: { kind: string; name: string }, status: unknown) => { statuses.push({ kind: target.kind, name: target.name, status }); return Promise.resolve(); },
    deleteService: () => Promise.resolve(),
  } as unknown as Applier;
  return { applier, statuses, applied };
}

const informers = () => new Informers(new KubeConfig(), () => () => Promise.reject(new Error('not listed in this test')), { onChange: () => undefined, onError: () => undefined });

const roundTrip = (status: unknown): unknown => JSON.parse(JSON.stringify(status));

function agentObject(status?: unknown, limits?: unknown): KubernetesObject {
  return {
    apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', metadata: { namespace: 'ns', name: 'a', uid: 'u', generation: 2 },
    spec: { model: 'mock', systemPrompt: 'Hi.', replicas: 1, ...(limits ? { limits } : {}) }, ...(status ? { status } : {}),
  } as KubernetesObject;
}

describe('the ArkAgent controller', () => {
  it('skips the status write when nothing changed, and writes again when the Deployment does', async () => {
    const cache = informers();
    const { applier, statuses, applied } = fakeApplier();
    const deps = { informers: cache, applier, clock: new FakeClock(), image: 'ark:test', imagePullPolicy: 'Never', redisUrl: 'redis://x' };
    cache.agents.set('ns', 'a', toAgent(agentObject(undefined, { maxDailyTokens: 100_000 })));
    cache.deployments.set('ns', 'a', { owner: 'a', replicas: 1, readyReplicas: 0 });

    expect(await reconcileAgent(deps, 'ns', 'a')).toEqual({ requeueAfter: 30_000 });
    expect(statuses).toHaveLength(1);
    cache.agents.set('ns', 'a', toAgent(agentObject(roundTrip(statuses[0]?.status), { maxDailyTokens: 100_000 })));

    await deps.clock.advance(30_000);
    await reconcileAgent(deps, 'ns', 'a');
    expect(statuses).toHaveLength(1);
    expect(applied).toHaveLength(2); // the Deployment is applied every time: drift is corrected

    cache.deployments.set('ns', 'a', { owner: 'a', replicas: 1, readyReplicas: 1 });
    await reconcileAgent(deps, 'ns', 'a');
    expect(statuses).toHaveLength(2);
    expect(statuses[1]?.status).toMatchObject({ readyReplicas: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'AllReplicasReady' }, { type: 'BudgetExceeded' }] });
  });

  it('writes a status someone else changed back to the planned one', async () => {
    const cache = informers();
    const { applier, statuses } = fakeApplier();
    const deps = { informers: cache, applier, clock: new FakeClock(), image: 'ark:test', imagePullPolicy: 'Never', redisUrl: 'redis://x' };
    cache.agents.set('ns', 'a', toAgent(agentObject()));
    await reconcileAgent(deps, 'ns', 'a');
    const written = roundTrip(statuses[0]?.status) as Record<string, unknown>;
    cache.agents.set('ns', 'a', toAgent(agentObject({ ...written, readyReplicas: 7 })));
    await reconcileAgent(deps, 'ns', 'a');
    expect(statuses).toHaveLength(2);
    expect(statuses[1]?.status).toEqual(written);
  });
});

function serviceObject(status?: unknown): KubernetesObject {
  return {
    apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkService', metadata: { namespace: 'ns', name: 'front', uid: 's', generation: 1 },
    spec: { selector: { arkAgent: 'a' } }, ...(status ? { status } : {}),
  } as KubernetesObject;
}

describe('the ArkService controller', () => {
  it('skips the status write of a resync that changes nothing, and writes when a pod turns ready', async () => {
    const cache = informers();
    const { applier, statuses } = fakeApplier();
    const clock = new FakeClock();
    let ready = false;
    const readiness = { pods: () => Promise.resolve([{ pod: 'a-0', ready, active: 0, expiresAt: clock.now() + 60_000 }]) };
    const deps = { informers: cache, applier, clock, readiness };
    cache.agents.set('ns', 'a', toAgent(agentObject()));
    cache.services.set('ns', 'front', toService(serviceObject()));

    expect(await reconcileService(deps, 'ns', 'front')).toEqual({ requeueAfter: 5_000 });
    expect(statuses).toHaveLength(1);
    cache.services.set('ns', 'front', toService(serviceObject(roundTrip(statuses[0]?.status))));

    await clock.advance(5_000);
    await reconcileService(deps, 'ns', 'front');
    expect(statuses).toHaveLength(1);

    ready = true;
    await clock.advance(5_000);
    await reconcileService(deps, 'ns', 'front');
    expect(statuses).toHaveLength(2);
    expect(statuses[1]?.status).toMatchObject({ readyReplicas: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'AllReplicasReady' }] });
  });
});
