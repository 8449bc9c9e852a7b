// plan(observed ArkAgent) → the Deployment of its `ark runtime` pods, exactly as contract C1
// says (docs/controller.md). Pure: the caller applies the result with server-side apply.
import type { ArkAgentSpec } from '../../api/index.js';
import { AGENT_PORT, agentLabels, agentSelector, OBJECTS_DIR } from './labels.js';

/** The ArkAgent as the plan reads it. */
export interface AgentObject {
  namespace: string;
  name: string;
  uid: string;
  spec: ArkAgentSpec;
}

/** The team role an agent was made for; its env tells `ark runtime` the role's queue and delegates. */
export interface TeamRole {
  name: string;
  role: string;
  maxDailyTokens?: number;
  canDelegate?: string[];
}

export interface DeploymentOptions {
  image: string;
  imagePullPolicy: string;
  redisUrl: string;
  team?: TeamRole;
  /** True while the agent's or team's daily budget is spent: replicas 0. */
  budgetExceeded: boolean;
}

export type Json = Record<string, unknown>;

export function planDeployment(agent: AgentObject, options: DeploymentOptions): Json {
  const labels = agentLabels(agent.name, options.team);
  const { spec } = agent;
  const mounts = referencedObjects(spec);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: agent.name, namespace: agent.namespace, labels,
      ownerReferences: [{ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', name: agent.name, uid: agent.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: options.budgetExceeded ? 0 : spec.replicas,
      selector: { matchLabels: agentSelector(agent.name) },
      template: {
        metadata: { labels },
        spec: compact({
          serviceAccountName: spec.serviceAccountName,
          nodeSelector: spec.nodeSelector,
          tolerations: spec.tolerations,
          affinity: spec.affinity,
          containers: [container(agent, options, mounts)],
          volumes: [{ name: 'tmp', emptyDir: {} }, ...mounts.map((mount) => mount.volume)],
        }),
      },
    },
  };
}

function container(agent: AgentObject, options: DeploymentOptions, mounts: Mount[]): Json {
  const probe = (path: string): Json => ({ httpGet: { path, port: 'http' } });
  return compact({
    name: 'agent',
    image: options.image,
    imagePullPolicy: options.imagePullPolicy,
    command: ['ark', 'runtime'],
    ports: [{ name: 'http', containerPort: AGENT_PORT, protocol: 'TCP' }],
    env: [...runtimeEnv(agent, options), ...((agent.spec.env ?? []) as Json[])],
    envFrom: agent.spec.envFrom,
    resources: agent.spec.resources,
    livenessProbe: probe('/healthz'),
    readinessProbe: probe('/readyz'),
    securityContext: {
      runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...mounts.map((mount) => mount.mount)],
  });
}

/** What `ark runtime` reads (src/config/runtime.ts), in a fixed order so the apply is stable. */
function runtimeEnv(agent: AgentObject, options: DeploymentOptions): Json[] {
  const value = (name: string, text: string): Json => ({ name, value: text });
  const team = options.team;
  return [
    value('AGENT_NAME', agent.name),
    value('AGENT_NAMESPACE', agent.namespace),
    value('AGENT_SPEC', JSON.stringify(agent.spec)),
    value('TASK_QUEUE_URL', options.redisUrl),
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    value('OBJECTS_DIR', OBJECTS_DIR),
    value('PORT', String(AGENT_PORT)),
    ...(team ? [value('TEAM_NAME', team.name), value('TEAM_ROLE', team.role)] : []),
    ...(team?.maxDailyTokens !== undefined ? [value('TEAM_MAX_DAILY_TOKENS', String(team.maxDailyTokens))] : []),
    ...(team?.canDelegate?.length ? [value('CAN_DELEGATE', team.canDelegate.join(','))] : []),
  ];
}

interface Mount { volume: Json; mount: Json }

/** The ConfigMaps and Secrets the spec reads, each mounted once where OBJECTS_DIR expects it. */
export function referencedObjects(spec: ArkAgentSpec): Mount[] {
  const { configMaps, secrets } = referencedNames(spec);
  const mount = (kind: 'configmaps' | 'secrets', name: string, index: number): Mount => {
    const volume = `${kind === 'configmaps' ? 'cm' : 'secret'}-${index}`;
    const source = kind === 'configmaps' ? { configMap: { name } } : { secret: { secretName: name } };
    return { volume: { name: volume, ...source }, mount: { name: volume, mountPath: `${OBJECTS_DIR}/${kind}/${name}`, readOnly: true } };
  };
  return [...configMaps.map((name, i) => mount('configmaps', name, i)), ...secrets.map((name, i) => mount('secrets', name, i))];
}

/** Names of the ConfigMaps and Secrets a spec references, sorted and unique. */
export function referencedNames(spec: ArkAgentSpec): { configMaps: string[]; secrets: string[] } {
  const ref = spec.systemPromptRef;
  const secrets = [
    ...(ref?.secretKeyRef ? [ref.secretKeyRef.name] : []),
    ...(spec.mcpServers ?? []).flatMap((server) => (server.headers ?? []).flatMap((header) => header.valueFrom ? [header.valueFrom.secretKeyRef.name] : [])),
  ];
  const unique = (names: string[]): string[] => [...new Set(names)].sort();
  return { configMaps: unique(ref?.configMapKeyRef ? [ref.configMapKeyRef.name] : []), secrets: unique(secrets) };
}

/** Drops undefined fields, so an apply never claims a field the spec leaves unset. */
function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
