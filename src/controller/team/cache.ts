// What the caches keep of ArkTeams (parsed spec, status phase and conditions) and of the
// ArkRuns of a team (phase and creation time: enough for lastRunName and history pruning).
import type { KubernetesObject } from '@kubernetes/client-node';
import { arkTeamSpec } from '../../api/index.js';
import type { ArkTeamSpec, RunPhase } from '../../api/index.js';
import { teamRules } from '../../core/index.js';
import { TEAM_LABEL } from '../agent/labels.js';
import type { Condition } from '../agent/status.js';
import { checkStoredSpec } from '../stored-spec.js';
import type { StoredSpec } from '../stored-spec.js';

export interface CachedTeam {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  /** The spec, or its first problem when it fails the admission rules. */
  spec: StoredSpec<ArkTeamSpec>;
  phase: string | undefined;
  conditions: readonly Condition[];
}

export interface CachedRun {
  name: string;
  team: string;
  phase?: RunPhase;
  createdMs: number;
}

type Loose = KubernetesObject & { spec?: unknown; status?: { phase?: unknown; conditions?: unknown } };

export function toTeam(object: KubernetesObject): CachedTeam {
  const { namespace = '', name = '', uid = '', generation = 0 } = object.metadata ?? {};
  const spec = checkStoredSpec(arkTeamSpec, (object as Loose).spec, (value) => teamRules(name, value));
  const status = (object as Loose).status ?? {};
  return {
    namespace, name, uid, generation, spec,
    phase: typeof status.phase === 'string' ? status.phase : undefined,
    conditions: Array.isArray(status.conditions) ? status.conditions as Condition[] : [],
  };
}

/** Only runs labelled with a team are kept. */
export function toRun(object: KubernetesObject): CachedRun | undefined {
  const team = object.metadata?.labels?.[TEAM_LABEL];
  if (team === undefined) return undefined;
  const phase = (object as Loose).status?.phase;
  const created = object.metadata?.creationTimestamp;
  return {
    name: object.metadata?.name ?? '', team, createdMs: created === undefined ? 0 : new Date(created).getTime(),
    ...(typeof phase === 'string' ? { phase: phase as RunPhase } : {}),
  };
}
