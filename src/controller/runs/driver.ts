// Drives one ArkRun with the shared run engine: tasks go over the Redis queue to the
// agents' streams, the run's state is saved in the Redis run store (resume: true, so a
// restarted operator re-attaches to its tasks by their deterministic ids and never runs a
// finished step again), every engine event goes to the run's Redis event log, and each
// save is projected into the ArkRun status through the coalescing writer.
import type { ArkRunStatus, ArkTeamSpec } from '../../api/index.js';
import { errorMessage } from '../../core/errors.js';
import type { Clock } from '../../engine/clock.js';
import { fanOut, type EventSink, type RunEvent } from '../../engine/events.js';
import { pipelineOf } from '../../engine/plan.js';
import { runTeam, type RunResult } from '../../engine/run.js';
import type { TaskDispatcher } from '../../engine/ports.js';
import { resetForRetry, type RunStore } from '../../engine/run-store.js';
import { QueueDispatcher } from '../../queue/dispatcher.js';
import { agentQueue, teamRoleQueue } from '../../queue/names.js';
import type { TaskQueue } from '../../queue/types.js';
import type { Telemetry } from '../../telemetry/types.js';
import { LiveRunStore } from './live-store.js';
import { nestingDispatcher, type TeamLookup } from './nested.js';
import type { RunnableSpec } from './spec.js';
import { projectStatus, type RunView } from './status.js';

export interface DriveRequest {
  runId: string;
  namespace: string;
  spec: RunnableSpec;
  signal: AbortSignal;
  /** Reset the failed steps first (a retry); `step` limits it to one. */
  retry?: { step?: string };
  /** Fields the controller adds to every status (observedRetry, a cancel message). */
  extra(): Pick<RunView, 'message' | 'observedRetry' | 'observedGeneration'>;
}

export interface DriverDeps {
  queue: TaskQueue;
  store: RunStore;
  events: EventSink;
  clock: Clock;
  telemetry: Telemetry;
  status(status: ArkRunStatus): void;
  /** Every engine event, for Kubernetes Events. */
  observe(event: RunEvent): void;
  /** Where `arkTeam:` roles find their team's spec. */
  teams: TeamLookup;
}

export async function driveRun(deps: DriverDeps, request: DriveRequest): Promise<RunResult> {
  const { spec, runId, namespace } = request;
  const names = pipelineOf(spec.team).map((step) => step.role);
  const live: LiveRunStore = new LiveRunStore(deps.store, names, () => {
    deps.status(projectStatus({ runId, run: live.run, steps: live.stepList(), ...request.extra() }));
  });
  if (request.retry) {
    const saved = await deps.store.load(runId);
    if (saved) {
      const reset = resetForRetry(saved, request.retry.step);
      const { runId: _id, steps, ...run } = reset;
      await deps.store.save({ runId, run, steps });
    }
  }
  const events = fanOut(deps.telemetry, deps.events, { emit: (event) => deps.observe(event) });
  const common = { events, clock: deps.clock, store: deps.store, telemetry: deps.telemetry };
  const dispatcherFor = (teamName: string, team: ArkTeamSpec, parents: readonly string[]): TaskDispatcher => {
    const teamRoles = new Map(team.roles.flatMap((role) => (role.arkTeam ? [[role.name, role.arkTeam] as const] : [])));
    const queued = new QueueDispatcher(deps.queue, queueOfRole(namespace, { teamName, team, input: {} }));
    return nestingDispatcher(queued, { namespace, teamRoles, teams: deps.teams, parents, dispatcherFor, common });
  };
  const dispatcher = dispatcherFor(spec.teamName, spec.team, [spec.teamName]);
  return runTeam({
    runId, teamName: spec.teamName, team: spec.team, input: spec.input, dispatcher, events,
    clock: deps.clock, signal: request.signal, store: live, resume: true, telemetry: deps.telemetry,
  });
}

/**
 * The queue of each role (contract C1): an `arkAgent:` role is that ArkAgent's own stream
 * `<ns>.<agent>`; an inline role is its team role stream `<ns>.<team>.<role>`, which the
 * `{team}-{role}` ArkAgent's pods consume (TEAM_NAME / TEAM_ROLE).
 */
export function queueOfRole(namespace: string, spec: RunnableSpec): (role: string) => string {
  const agents = new Map(spec.team.roles.flatMap((role) => (role.arkAgent ? [[role.name, role.arkAgent] as const] : [])));
  return (role) => {
    const agent = agents.get(role);
    return agent === undefined ? teamRoleQueue(namespace, spec.teamName, role) : agentQueue(namespace, agent);
  };
}

/** A run that cannot start (bad spec, the plan refused): its Failed status. */
export function failedStatus(message: string, now: number, extra: Pick<RunView, 'observedRetry' | 'observedGeneration'>): ArkRunStatus {
  return projectStatus({
    runId: '', steps: [], ...extra, message,
    run: { team: '', phase: 'Failed', startTime: now, completionTime: now, usage: { input: 0, output: 0, total: 0 } },
  });
}

export function describeFailure(error: unknown): string {
  return `the run could not be executed: ${errorMessage(error)}`;
}
