// The ArkTeam controller: the thin, I/O half. One reconcile applies an ArkAgent per inline
// role, deletes the owned agents no role wants, prunes the team's terminal ArkRuns beyond
// the history limits, and writes the team status from the role agents and runs in the
// caches. Role agents do the rest (Deployments, budgets: their controller reads the team's
// limit through `teamRoleFrom`). Re-read every 30 s so a deleted role agent is noticed.
import type { ArkTeamSpec } from '../../api/index.js';
import type { Clock } from '../../engine/clock.js';
import type { Applier } from '../../kube/apply.js';
import { TEAM_LABEL } from '../agent/labels.js';
import type { Informers } from '../informers.js';
import type { ReconcileResult } from '../result.js';
import { extraRoleAgents, planRoleAgents, roleAgentName, teamRoleEnv } from './agents.js';
import type { CachedTeam } from './cache.js';
import { invalidTeamStatus, planTeamStatus, runsToPrune } from './status.js';
import type { RoleObservation } from './status.js';

export interface TeamControllerDeps {
  informers: Informers;
  applier: Applier;
  clock: Clock;
}

const TEAM_RESYNC_MS = 30_000;

export async function reconcileTeam(deps: TeamControllerDeps, namespace: string, name: string): Promise<ReconcileResult | void> {
  const team = deps.informers.teams.get(namespace, name);
  if (!team) return; // deleted: role agents go with their owner reference
  const base = { generation: team.generation, now: deps.clock.now(), previous: team.conditions };
  if (!team.spec.ok) {
    // Refused by the admission rules: report it and touch nothing; an edit re-queues the team.
    await deps.applier.applyStatus({ kind: 'ArkTeam', plural: 'arkteams', namespace, name }, invalidTeamStatus(base, team.spec.problem));
    return;
  }
  const spec = team.spec.value;
  for (const agent of planRoleAgents(team, spec)) await deps.applier.apply(agent);
  const owned = deps.informers.agents.list(namespace).filter((agent) => agent.labels[TEAM_LABEL] === name).map((agent) => agent.name);
  for (const extra of extraRoleAgents(name, spec, owned)) await deps.applier.deleteCustom('arkagents', namespace, extra);
  const runs = deps.informers.runs.list(namespace).filter((run) => run.team === name);
  const pruned = runsToPrune(runs, { succeeded: spec.successfulRunsHistoryLimit, failed: spec.failedRunsHistoryLimit });
  for (const run of pruned) await deps.applier.deleteCustom('arkruns', namespace, run);
  const status = planTeamStatus({
    ...base, roles: observeRoles(deps.informers, team, spec), runs: runs.filter((run) => !pruned.includes(run.name)),
  });
  await deps.applier.applyStatus({ kind: 'ArkTeam', plural: 'arkteams', namespace, name }, status);
  return { requeueAfter: TEAM_RESYNC_MS };
}

/** The team limit and delegates of a role, for the ArkAgent controller's `teamRole` hook. */
export function teamRoleFrom(informers: Informers): (namespace: string, team: string, role: string) => ReturnType<typeof teamRoleEnv> | undefined {
  return (namespace, team, role) => {
    const spec = informers.teams.get(namespace, team)?.spec;
    return spec?.ok ? teamRoleEnv(spec.value, role) : undefined;
  };
}

function observeRoles(informers: Informers, team: CachedTeam, spec: ArkTeamSpec): RoleObservation[] {
  return spec.roles.map((role) => {
    if (role.arkTeam !== undefined) {
      const other = informers.teams.get(team.namespace, role.arkTeam);
      return other ? { name: role.name, agent: { ready: other.phase === 'Ready', replicas: 0, readyReplicas: 0 } } : { name: role.name };
    }
    const agentName = role.arkAgent ?? roleAgentName(team.name, role.name);
    const agent = informers.agents.get(team.namespace, agentName);
    if (!agent) return { name: role.name };
    const deployment = informers.deployments.get(team.namespace, agentName);
    const ready = agent.conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
    return { name: role.name, agent: { ready, replicas: deployment?.replicas ?? 0, readyReplicas: deployment?.readyReplicas ?? 0 } };
  });
}
