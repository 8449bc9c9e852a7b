// A team's status and run history, from what its role agents and ArkRuns report. Ready when
// every role's agent is Ready; Degraded otherwise. lastRunName is the newest run; terminal
// runs beyond the history limits are pruned oldest first (a running run is never pruned). Pure.
import { TERMINAL_RUN_PHASES } from '../../api/index.js';
import type { ArkTeamStatus, RunPhase } from '../../api/index.js';
import { stamped } from '../agent/status.js';
import type { Condition } from '../agent/status.js';

export interface RoleObservation {
  name: string;
  /** The role's agent; undefined while it does not exist yet. */
  agent?: { ready: boolean; replicas: number; readyReplicas: number };
}

export interface RunObservation {
  name: string;
  phase?: RunPhase;
  createdMs: number;
}

export interface TeamStatusInput {
  generation: number;
  now: number;
  previous: readonly Condition[];
  roles: readonly RoleObservation[];
  runs: readonly RunObservation[];
}

/**
 * The status of a team whose stored spec the admission rules refuse: Failed, with the
 * problem as the Ready condition's message. Nothing else is planned for such a team.
 */
export function invalidTeamStatus(input: Pick<TeamStatusInput, 'generation' | 'now' | 'previous'>, problem: string): ArkTeamStatus {
  const ready: Condition = { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: problem };
  return { phase: 'Failed', observedGeneration: input.generation, conditions: [stamped(ready, input)] };
}

export function planTeamStatus(input: TeamStatusInput): ArkTeamStatus {
  const notReady = input.roles.filter((role) => role.agent?.ready !== true).map((role) => role.name);
  const ready: Condition = notReady.length === 0
    ? { type: 'Ready', status: 'True', reason: 'AllRolesReady', message: `${input.roles.length}/${input.roles.length} roles ready` }
    : { type: 'Ready', status: 'False', reason: 'RolesNotReady', message: `not ready: ${notReady.join(', ')}` };
  const newest = newestFirst(input.runs)[0];
  return {
    phase: notReady.length === 0 ? 'Ready' : 'Degraded',
    observedGeneration: input.generation,
    roles: input.roles.map((role) => ({
      name: role.name, ready: role.agent?.ready ?? false, replicas: role.agent?.replicas ?? 0, readyReplicas: role.agent?.readyReplicas ?? 0,
    })),
    ...(newest ? { lastRunName: newest.name } : {}),
    conditions: [stamped(ready, input)],
  };
}

/** Runs to delete: succeeded beyond `succeeded`, other terminal runs beyond `failed`, oldest first. */
export function runsToPrune(runs: readonly RunObservation[], limits: { succeeded: number; failed: number }): string[] {
  const terminal = newestFirst(runs).filter((run) => run.phase !== undefined && TERMINAL_RUN_PHASES.includes(run.phase));
  const succeeded = terminal.filter((run) => run.phase === 'Succeeded').slice(limits.succeeded);
  const failed = terminal.filter((run) => run.phase !== 'Succeeded').slice(limits.failed);
  return [...succeeded, ...failed].sort((a, b) => a.createdMs - b.createdMs || a.name.localeCompare(b.name)).map((run) => run.name);
}

function newestFirst(runs: readonly RunObservation[]): RunObservation[] {
  return [...runs].sort((a, b) => b.createdMs - a.createdMs || b.name.localeCompare(a.name));
}
