// The ArkService controller against a real kube-apiserver and a real redis-server, with the
// kubelet stand-in running the agent's pods as `ark runtime` processes that heartbeat their
// readiness: the owned Service follows spec.ports; status.readyReplicas counts only pods
// with a live, ready heartbeat (a frozen runtime stops counting, a scale-down too); a
// service naming a missing agent is AgentNotFound; a frozen Redis is RegistryUnavailable and
// recovers. The test cluster has no garbage collector, so no owner-reference cascade is awaited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../hack/kube-env/net.js';
import { kubectl, kubectlJson } from '../support/kube.js';
import { startOperatorStack } from '../support/operator-stack.js';
import type { OperatorStack } from '../support/operator-stack.js';
import { redisCommand } from '../support/redis.js';

const NS = 'e2e-controller-service';
let stack: OperatorStack;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const object = (kind: string, name: string, spec: Obj) => ({ apiVersion: 'arkonis.dev/v1alpha1', kind, metadata: { name, namespace: NS }, spec });
const apply = (o: unknown) => kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(o) });
const get = (what: string) => kubectlJson<Obj>(['get', '-n', NS, what]);
const tryGet = async (what: string): Promise<Obj | undefined> => (await kubectl(['get', '-n', NS, what], { allowFailure: true })).code === 0 ? get(what) : undefined;
const ready = (o: Obj | undefined): Obj | undefined => (o?.status?.conditions as Obj[] | undefined)?.find((c) => c.type === 'Ready');
const events = async (name: string) => ((await kubectlJson<Obj>(['get', '-n', NS, 'events', '--field-selector', `involvedObject.name=${name}`])).items as Obj[]);
async function until<T>(what: string, read: () => Promise<T | undefined>, ok: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  let last: T | undefined;
  await waitFor(what, async () => { last = await read(); return last !== undefined && ok(last); }, timeoutMs)
    .catch((error: Error) => { throw new Error(`${error.message}\nlast: ${JSON.stringify(last)}\n${stack.diagnostics()}`); });
  return last as T;
}
const readyReplicas = (n: number, reason: string) => (s: Obj) => s.status?.readyReplicas === n && ready(s)?.reason === reason;

beforeAll(async () => {
  stack = await startOperatorStack(NS);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('ArkService controller on a real kube-apiserver and Redis', () => {
  it('owns a Service with the spec ports and counts the agent pods whose heartbeat is ready and live', async () => {
    await apply(object('ArkAgent', 'writer', { model: 'mock', systemPrompt: 'You write.', replicas: 2 }));
    await apply(object('ArkService', 'front', { selector: { arkAgent: 'writer' }, ports: [{ protocol: 'HTTP', port: 8080 }, { protocol: 'A2A', port: 9090 }] }));
    const svc = await until('the Service', () => tryGet('service/front'), () => true);
    expect(svc.spec.selector).toEqual({ 'arkonis.dev/agent': 'writer' });
    expect(svc.spec.ports.map((p: Obj) => [p.name, p.protocol, p.port, p.targetPort])).toEqual([['http-8080', 'TCP', 8080, 'http'], ['a2a-9090', 'TCP', 9090, 9090]]);
    const service = await get('arkservice/front');
    expect(svc.metadata.ownerReferences).toEqual([{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkService', name: 'front', uid: service.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const managed = await kubectlJson<Obj>(['get', '-n', NS, 'service/front', '--show-managed-fields']);
    expect(managed.metadata.managedFields.map((f: Obj) => f.manager)).toContain('arkonis-operator');

    const all = await until('both pods ready', () => get('arkservice/front'), readyReplicas(2, 'AllReplicasReady'), 180_000);
    expect(all.status.observedGeneration).toBe(all.metadata.generation);
    expect(ready(all)).toMatchObject({ status: 'True', message: '2/2 pods of ArkAgent "writer" ready' });
    await until('the ServiceCreated event', () => events('front'), (list) => list.some((e) => e.reason === 'ServiceCreated'));

    // Two registry re-reads (every 5 s) that find nothing new write nothing.
    const before = (await get('arkservice/front')).metadata.resourceVersion as string;
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const after = await get('arkservice/front');
    expect(readyReplicas(2, 'AllReplicasReady')(after)).toBe(true);
    expect(after.metadata.resourceVersion).toBe(before);
  }, 300_000);

  it('stops counting a runtime whose heartbeat stops, and counts it again when it resumes', async () => {
    const [frozen] = stack.kubelet.pids();
    expect(frozen).toBeDefined();
    process.kill(frozen!, 'SIGSTOP');
    try {
      const one = await until('one pod counted', () => get('arkservice/front'), readyReplicas(1, 'SomeReplicasReady'));
      expect(ready(one)?.message).toMatch(/^1\/2 pods of ArkAgent "writer" ready \((heartbeat expired: .+|no heartbeat from 1 pod)\); tasks go to the ready pods$/); // the reaper may have forgotten it
    } finally {
      process.kill(frozen!, 'SIGCONT');
    }
    await until('both pods counted again', () => get('arkservice/front'), readyReplicas(2, 'AllReplicasReady'));
  }, 200_000);

  it('follows a scale-down of the agent and a change of ports, and deletes its Service when no port is left', async () => {
    await kubectl(['scale', '-n', NS, 'arkagent/writer', '--replicas=1']);
    await until('one pod after the scale-down', () => get('arkservice/front'), readyReplicas(1, 'AllReplicasReady'));
    await kubectl(['patch', '-n', NS, 'arkservice/front', '--type=merge', '-p', JSON.stringify({ spec: { ports: [{ protocol: 'A2A', port: 7000 }] } })]);
    const changed = await until('the new ports', () => get('service/front'), (s) => s.spec.ports.length === 1);
    expect(changed.spec.ports).toMatchObject([{ name: 'a2a-7000', protocol: 'TCP', port: 7000, targetPort: 7000 }]);
    await kubectl(['patch', '-n', NS, 'arkservice/front', '--type=json', '-p', JSON.stringify([{ op: 'remove', path: '/spec/ports' }])]);
    await until('the Service gone', async () => (await tryGet('service/front')) === undefined ? true : undefined, () => true);
    await until('the ServiceDeleted event', () => events('front'), (list) => list.some((e) => e.reason === 'ServiceDeleted'));
  }, 200_000);

  it('reports AgentNotFound for a service naming a missing agent, with a Warning event', async () => {
    await apply(object('ArkService', 'lost', { selector: { arkAgent: 'nobody' } }));
    const lost = await until('AgentNotFound', () => get('arkservice/lost'), (s) => ready(s)?.reason === 'AgentNotFound');
    expect(lost.status.readyReplicas).toBe(0);
    expect(ready(lost)).toMatchObject({
      status: 'False',
      message: `spec.selector.arkAgent: ArkAgent "nobody" not found in namespace "${NS}"; fix: create it, or point spec.selector.arkAgent at an existing ArkAgent`,
    });
    expect(await tryGet('service/lost')).toBeUndefined(); // no ports, no Service
    const warning = await until('the AgentNotFound event', () => events('lost'), (list) => list.some((e) => e.reason === 'AgentNotFound'));
    expect(warning.find((e) => e.reason === 'AgentNotFound')).toMatchObject({ type: 'Warning', involvedObject: { kind: 'ArkService', name: 'lost' } });
  }, 200_000);

  it('reports RegistryUnavailable while Redis does not answer, without crashing, and recovers', async () => {
    const info = await redisCommand(stack.redis.port, 'INFO', 'server');
    const pid = Number(/process_id:(\d+)/.exec(info ?? '')?.[1]);
    expect(pid).toBeGreaterThan(0);
    const logged = stack.logs.length;
    process.kill(pid, 'SIGSTOP');
    try {
      const unknown = await until('RegistryUnavailable', () => get('arkservice/front'), (s) => ready(s)?.reason === 'RegistryUnavailable');
      expect(ready(unknown)).toMatchObject({ status: 'Unknown', message: expect.stringMatching(/^the readiness registry \(Redis\) cannot be read: .+; fix: /) });
      expect(unknown.status.readyReplicas).toBe(1); // the last value known
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until('readiness again', () => get('arkservice/front'), readyReplicas(1, 'AllReplicasReady'));
    expect(stack.logs.slice(logged).filter((line) => line.includes('ArkService') && line.includes(`${NS}/front`) && line.includes('retrying with backoff'))).toHaveLength(1);
  }, 200_000);
});
