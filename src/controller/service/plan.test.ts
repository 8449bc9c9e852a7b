import { describe, expect, it } from 'vitest';
import { arkServiceSpec } from '../../api/index.js';
import { toOwnedService, toService } from './cache.js';
import { planService } from './service.js';
import { planServiceStatus, readinessEvent } from './status.js';
import type { ServiceStatusInput } from './status.js';

const T = Date.UTC(2026, 11, 1, 12);
const owner = { namespace: 'ns', name: 'front', uid: 'u-1' };
const spec = (ports?: unknown) => arkServiceSpec.parse({ selector: { arkAgent: 'writer' }, ...(ports ? { ports } : {}) });
const pod = (name: string, ready: boolean, expiresAt = T + 3_000) => ({ pod: name, ready, active: 0, expiresAt });
const input = (over: Partial<ServiceStatusInput>): ServiceStatusInput => ({
  generation: 2, now: T, previous: [], previousReadyReplicas: undefined, agent: 'writer', namespace: 'ns', desiredReplicas: 2, pods: { ok: true, value: [] }, ...over,
});
const ready = (over: Partial<ServiceStatusInput>) => planServiceStatus(input(over)).conditions?.[0];

describe('the owned Service', () => {
  it('has one TCP port per spec.ports entry, the agent pods selector and a controller owner reference', () => {
    expect(planService(owner, spec([{ protocol: 'HTTP', port: 8080 }, { protocol: 'A2A', port: 9090 }]))).toEqual({
      apiVersion: 'v1', kind: 'Service',
      metadata: {
        name: 'front', namespace: 'ns', labels: { 'app.kubernetes.io/name': 'ark-service', 'app.kubernetes.io/managed-by': 'arkonis' },
        ownerReferences: [{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkService', name: 'front', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        selector: { 'arkonis.dev/agent': 'writer' },
        ports: [{ name: 'http-8080', protocol: 'TCP', port: 8080, targetPort: 'http' }, { name: 'a2a-9090', protocol: 'TCP', port: 9090, targetPort: 9090 }],
      },
    });
  });

  it('follows a ports change (server-side apply drops the ports no longer listed)', () => {
    const ports = (planService(owner, spec([{ protocol: 'A2A', port: 7000 }]))?.spec as { ports: unknown[] }).ports;
    expect(ports).toEqual([{ name: 'a2a-7000', protocol: 'TCP', port: 7000, targetPort: 7000 }]);
  });

  it('sends an HTTP port of any number to the runtime\'s http container port', () => {
    const ports = (planService(owner, spec([{ protocol: 'HTTP', port: 80 }]))?.spec as { ports: unknown[] }).ports;
    expect(ports).toEqual([{ name: 'http-80', protocol: 'TCP', port: 80, targetPort: 'http' }]);
  });

  it('is not wanted without ports', () => {
    expect(planService(owner, spec())).toBeUndefined();
    expect(planService(owner, spec([]))).toBeUndefined();
  });
});

describe('the ArkService status', () => {
  it('counts only pods that are ready with a live heartbeat', () => {
    const status = planServiceStatus(input({ pods: { ok: true, value: [pod('a', true), pod('b', true), pod('c', false), pod('d', true, T)] }, desiredReplicas: 2 }));
    expect(status).toMatchObject({ readyReplicas: 2, observedGeneration: 2 });
    expect(status.conditions).toEqual([{
      type: 'Ready', status: 'True', reason: 'AllReplicasReady', message: '2/2 pods of ArkAgent "writer" ready', lastTransitionTime: '2026-12-01T12:00:00Z', observedGeneration: 2,
    }]);
  });

  it('is Ready with SomeReplicasReady naming the pods that are not ready or whose heartbeat expired', () => {
    const status = planServiceStatus(input({ desiredReplicas: 3, pods: { ok: true, value: [pod('a', true), pod('b', false), pod('c', true, T - 1)] } }));
    expect(status.readyReplicas).toBe(1);
    expect(status.conditions?.[0]).toMatchObject({
      status: 'True', reason: 'SomeReplicasReady', message: '1/3 pods of ArkAgent "writer" ready (not ready: b; heartbeat expired: c); tasks go to the ready pods',
    });
  });

  it('is NoReadyReplicas when no pod passes /readyz or every heartbeat expired', () => {
    expect(ready({ pods: { ok: true, value: [pod('a', false), pod('b', true, T - 5_000)] } })).toMatchObject({
      status: 'False', reason: 'NoReadyReplicas',
      message: '0/2 pods of ArkAgent "writer" ready (not ready: a; heartbeat expired: b); tasks wait in its queue until a pod passes /readyz; fix: check the agent\'s pods and their /readyz (kubectl describe arkagent writer)',
    });
    const silent = planServiceStatus(input({ desiredReplicas: 3, pods: { ok: true, value: [pod('a', false)] } }));
    expect(silent.readyReplicas).toBe(0);
    expect(silent.conditions?.[0]?.message).toMatch(/^0\/3 pods of ArkAgent "writer" ready \(not ready: a; no heartbeat from 2 pods\); /);
    expect(ready({ desiredReplicas: 0 })).toMatchObject({ reason: 'NoReadyReplicas', message: expect.stringContaining('scaled to 0 replicas') });
  });

  it('is AgentNotFound when the target ArkAgent does not exist', () => {
    const status = planServiceStatus(input({ desiredReplicas: undefined, previousReadyReplicas: 3 }));
    expect(status.readyReplicas).toBe(0);
    expect(status.conditions?.[0]).toMatchObject({
      status: 'False', reason: 'AgentNotFound',
      message: 'spec.selector.arkAgent: ArkAgent "writer" not found in namespace "ns"; fix: create it, or point spec.selector.arkAgent at an existing ArkAgent',
    });
  });

  it('is RegistryUnavailable (Unknown) and keeps the last readyReplicas when Redis cannot be read', () => {
    const status = planServiceStatus(input({ previousReadyReplicas: 2, pods: { ok: false, error: 'Command timed out' } }));
    expect(status.readyReplicas).toBe(2);
    expect(status.conditions?.[0]).toMatchObject({ status: 'Unknown', reason: 'RegistryUnavailable', message: expect.stringMatching(/^the readiness registry \(Redis\) cannot be read: Command timed out; .+; fix: /) });
  });

  it('is ReconcileError with the problem as the message', () => {
    expect(ready({ reconcileError: 'spec.ports[1].port: port 80 is already used by spec.ports[0]; fix: give each port a unique number' }))
      .toMatchObject({ status: 'False', reason: 'ReconcileError', message: 'spec.ports[1].port: port 80 is already used by spec.ports[0]; fix: give each port a unique number' });
  });

  it('keeps lastTransitionTime while the status holds', () => {
    const previous = [{ type: 'Ready', status: 'False' as const, reason: 'AgentNotFound', lastTransitionTime: '2026-11-30T00:00:00Z' }];
    expect(ready({ previous, pods: { ok: true, value: [pod('a', false)] } })?.lastTransitionTime).toBe('2026-11-30T00:00:00Z');
    expect(ready({ previous, pods: { ok: true, value: [pod('a', true)] } })?.lastTransitionTime).toBe('2026-12-01T12:00:00Z');
  });
});

describe('readiness events', () => {
  const condition = (status: 'True' | 'False', reason: string) => ({ type: 'Ready', status, reason, message: `m ${reason}` });
  it('are written when the Ready reason changes: Warning when readiness is lost, Normal when it is back', () => {
    expect(readinessEvent([condition('True', 'AllReplicasReady')], condition('False', 'NoReadyReplicas'))).toEqual({ type: 'Warning', reason: 'NoReadyReplicas', message: 'm NoReadyReplicas' });
    expect(readinessEvent([condition('False', 'NoReadyReplicas')], condition('True', 'AllReplicasReady'))).toEqual({ type: 'Normal', reason: 'AllReplicasReady', message: 'm AllReplicasReady' });
    expect(readinessEvent([], condition('False', 'AgentNotFound'))).toMatchObject({ type: 'Warning', reason: 'AgentNotFound' });
    expect(readinessEvent([condition('True', 'AllReplicasReady')], condition('True', 'AllReplicasReady'))).toBeUndefined();
  });
});

describe('the caches', () => {
  const object = (spec: unknown) => ({
    apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkService', spec,
    metadata: { namespace: 'ns', name: 'front', uid: 'u', generation: 4, managedFields: [{ manager: 'kubectl' }] },
    status: { readyReplicas: 1, conditions: [{ type: 'Ready', status: 'True' }] },
  });

  it('keep the parsed spec and last status of an ArkService, and no managedFields', () => {
    const service = toService(object({ selector: { arkAgent: 'writer' }, ports: [{ protocol: 'HTTP', port: 80 }] }));
    expect(service).toMatchObject({ namespace: 'ns', name: 'front', uid: 'u', generation: 4, readyReplicas: 1, conditions: [{ type: 'Ready', status: 'True' }] });
    expect(service.spec).toMatchObject({ ok: true, value: { selector: { arkAgent: 'writer' }, routing: { strategy: 'round-robin' } } });
    expect(JSON.stringify(service)).not.toContain('managedFields');
  });

  it('keep a stored spec the webhooks would refuse as a problem naming the field and the fix', () => {
    expect(toService(object({ selector: {} })).spec).toEqual({ ok: false, problem: expect.stringMatching(/^spec\.selector\.arkAgent: .+; fix: correct the field/) });
    expect(toService(object({ selector: { arkAgent: 'w' }, ports: [{ protocol: 'HTTP', port: 80 }, { protocol: 'A2A', port: 80 }] })).spec)
      .toEqual({ ok: false, problem: 'spec.ports[1].port: port 80 is already used by spec.ports[0]; fix: give each port a unique number' });
  });

  it('keep only Services an ArkService controls', () => {
    const service = (ownerReferences: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'ns', name: 'front', ownerReferences } }) as never;
    expect(toOwnedService(service([{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkService', name: 'front', uid: 'u', controller: true }]))).toEqual({ owner: 'front' });
    expect(toOwnedService(service([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', uid: 'v', controller: true }]))).toBeUndefined();
    expect(toOwnedService(service([]))).toBeUndefined();
  });
});
