import { describe, expect, it } from 'vitest';
import { arkAgentSpec } from '../../api/index.js';
import type { ArkAgentSpecInput } from '../../api/index.js';
import { planDeployment } from './deployment.js';
import type { DeploymentOptions } from './deployment.js';
import { budgetVerdict, planAgentStatus, promptProblem } from './status.js';
import type { StatusInput } from './status.js';

const spec = (input: Partial<ArkAgentSpecInput> = {}) => arkAgentSpec.parse({ model: 'gpt-4o', ...input });
const agent = (input: Partial<ArkAgentSpecInput> = {}) => ({ namespace: 'ns', name: 'writer', uid: 'u-1', spec: spec(input) });
const options: DeploymentOptions = { image: 'ghcr.io/arkonis/ark:0.1.0', imagePullPolicy: 'IfNotPresent', redisUrl: 'redis://r:6379', budgetExceeded: false };
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('planDeployment (contract C1)', () => {
  it('names, labels, selects and owns the Deployment as C1 says', () => {
    const d = planDeployment(agent(), options) as Obj;
    expect(d.metadata).toMatchObject({ name: 'writer', namespace: 'ns', labels: { 'app.kubernetes.io/name': 'ark-agent', 'app.kubernetes.io/managed-by': 'arkonis', 'arkonis.dev/agent': 'writer' } });
    expect(d.metadata.ownerReferences).toEqual([{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', name: 'writer', uid: 'u-1', controller: true, blockOwnerDeletion: true }]);
    expect(d.spec.selector).toEqual({ matchLabels: { 'arkonis.dev/agent': 'writer' } });
    expect(d.spec.replicas).toBe(1);
  });

  it('runs ark runtime as a non-root, read-only container with probes and the runtime env', () => {
    const c = (planDeployment(agent({ env: [{ name: 'X', value: '1' }], envFrom: [{ secretRef: { name: 'keys' } }] }), options) as Obj).spec.template.spec.containers[0];
    expect(c).toMatchObject({ name: 'agent', image: options.image, imagePullPolicy: 'IfNotPresent', command: ['ark', 'runtime'], ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' } });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/readyz', port: 'http' } });
    expect(c.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect((c.env as Obj[]).map((e) => e.name)).toEqual(['AGENT_NAME', 'AGENT_NAMESPACE', 'AGENT_SPEC', 'TASK_QUEUE_URL', 'POD_NAME', 'OBJECTS_DIR', 'PORT', 'X']);
    expect(JSON.parse((c.env as Obj[])[2]?.value)).toMatchObject({ model: 'gpt-4o', replicas: 1 });
    expect((c.env as Obj[])[4]).toEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(c.envFrom).toEqual([{ secretRef: { name: 'keys' } }]);
  });

  it('mounts every referenced ConfigMap and Secret where OBJECTS_DIR expects it, once each', () => {
    const d = planDeployment(agent({
      systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'writer' } },
      mcpServers: [{ name: 'm', url: 'http://m', headers: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'mcp', key: 't' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'mcp', key: 'u' } } }] }],
    }), options) as Obj;
    const pod = d.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }, { name: 'cm-0', configMap: { name: 'prompts' } }, { name: 'secret-0', secret: { secretName: 'mcp' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'cm-0', mountPath: '/etc/arkonis/objects/configmaps/prompts', readOnly: true },
      { name: 'secret-0', mountPath: '/etc/arkonis/objects/secrets/mcp', readOnly: true },
    ]);
  });

  it('passes pod placement through, adds team env and labels for a role, and scales to 0 on a spent budget', () => {
    const d = planDeployment(agent({ replicas: 3, serviceAccountName: 'sa', nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'k', operator: 'Exists' }] }),
      { ...options, budgetExceeded: true, team: { name: 'research', role: 'writer', maxDailyTokens: 500, canDelegate: ['a', 'b'] } }) as Obj;
    expect(d.spec.replicas).toBe(0);
    expect(d.spec.template.metadata.labels).toMatchObject({ 'arkonis.dev/team': 'research', 'arkonis.dev/role': 'writer' });
    expect(d.spec.template.spec).toMatchObject({ serviceAccountName: 'sa', nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'k', operator: 'Exists' }] });
    expect(d.spec.template.spec).not.toHaveProperty('affinity');
    const env = Object.fromEntries((d.spec.template.spec.containers[0].env as Obj[]).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ TEAM_NAME: 'research', TEAM_ROLE: 'writer', TEAM_MAX_DAILY_TOKENS: '500', CAN_DELEGATE: 'a,b' });
  });
});

describe('agent status plan', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  const resetsAt = Date.UTC(2026, 11, 2);
  const base = (over: Partial<StatusInput> = {}): StatusInput => ({
    generation: 2, spec: spec({ replicas: 2 }), name: 'writer', now, previous: [], agentUsed: 10,
    budget: { exceeded: false, resetsAt }, deployment: { replicas: 2, readyReplicas: 2 }, ...over,
  });
  const ready = (input: StatusInput) => planAgentStatus(input).conditions?.find((c) => c.type === 'Ready');

  it('is Ready AllReplicasReady when every desired replica is ready, Progressing before', () => {
    expect(ready(base())).toMatchObject({ status: 'True', reason: 'AllReplicasReady', observedGeneration: 2 });
    expect(ready(base({ deployment: { replicas: 2, readyReplicas: 1 } }))).toMatchObject({ status: 'False', reason: 'Progressing', message: '1/2 replicas ready' });
    expect(planAgentStatus(base())).toMatchObject({ replicas: 2, readyReplicas: 2, selector: 'arkonis.dev/agent=writer', observedGeneration: 2, dailyTokenUsage: { total: 10 }, budgetResetsAt: '2026-12-02T00:00:00.000Z' });
  });

  it('reports a reconcile error before a prompt error, and keeps lastTransitionTime while the status holds', () => {
    expect(ready(base({ reconcileError: 'spec.model: required', promptError: 'x' }))).toMatchObject({ reason: 'ReconcileError', message: 'spec.model: required' });
    const first = planAgentStatus(base({ promptError: 'missing' })).conditions ?? [];
    const later = planAgentStatus(base({ promptError: 'missing', now: now + 60_000, previous: first })).conditions ?? [];
    expect(later[0]?.lastTransitionTime).toBe(first[0]?.lastTransitionTime);
    const recovered = planAgentStatus(base({ now: now + 60_000, previous: first })).conditions ?? [];
    expect(recovered[0]?.lastTransitionTime).toBe('2026-12-01T12:01:00Z');
  });

  it('names a missing prompt object and a missing key with the fix', () => {
    const s = spec({ systemPromptRef: { configMapKeyRef: { name: 'prompts', key: 'writer' } } });
    expect(promptProblem(s, () => undefined)).toBe('spec.systemPromptRef.configMapKeyRef.name: ConfigMap "prompts" not found; fix: create it with key "writer"');
    expect(promptProblem(s, () => ['editor'])).toMatch(/has no key "writer" \(has editor\)/);
    expect(promptProblem(s, () => ['writer'])).toBeUndefined();
    expect(promptProblem(spec({ systemPromptRef: { secretKeyRef: { name: 's' } } }), (kind) => (kind === 'Secret' ? ['prompt'] : undefined))).toBeUndefined();
  });

  it('refuses a local prompt file, which no pod can read, naming the ConfigMap that replaces it', () => {
    const s = spec({ systemPrompt: undefined, systemPromptRef: { fileRef: { path: 'prompts/research-agent.md' } } });
    expect(promptProblem(s, () => ['prompt'])).toBe('spec.systemPromptRef.fileRef.path: "prompts/research-agent.md" is a local file that only ark run reads; in a cluster, fix: kubectl create configmap <name> --from-file=prompt=prompts/research-agent.md and set spec.systemPromptRef.configMapKeyRef.name to it');
  });

  it('is BudgetExceeded DailyLimitReached when the agent or team spent its day, and desires 0 replicas then', () => {
    const spent = budgetVerdict({ now, resetsAt, agentUsed: 100, agentLimit: 100 });
    expect(spent).toMatchObject({ exceeded: true, message: expect.stringContaining('until 2026-12-02T00:00:00.000Z') });
    expect(budgetVerdict({ now, resetsAt, agentUsed: 5, agentLimit: 100, team: { name: 't', used: 50, limit: 50 } }).message).toMatch(/^ArkTeam t spec.limits.maxDailyTokens 50 spent/);
    expect(budgetVerdict({ now, resetsAt, agentUsed: 5 }).exceeded).toBe(false);
    const status = planAgentStatus(base({ budget: spent, deployment: { replicas: 0, readyReplicas: 0 } }));
    expect(status.conditions?.find((c) => c.type === 'BudgetExceeded')).toMatchObject({ status: 'True', reason: 'DailyLimitReached' });
    expect(ready(base({ budget: spent, deployment: { replicas: 0, readyReplicas: 0 } }))).toMatchObject({ status: 'True', message: '0/0 replicas ready' });
  });
});
