// `arkTeam:` roles in the cluster: a task of such a role is one nested run of the other team
// (its spec read from the cluster when the task starts), driven by the same engine over the
// same queue, store and event log, with the deterministic id `<task id>/<team>` and resume,
// so a restarted operator re-attaches to the nested run's tasks too.
import type { ArkTeamSpec } from '../../api/index.js';
import { formatIssue } from '../../core/issues.js';
import { validateRunInput } from '../../core/validate/index.js';
import { TaskError, type AgentTask, type TaskDispatcher, type TaskOutcome } from '../../engine/ports.js';
import { runTeam, type RunOptions } from '../../engine/run.js';
import { nestedRunId } from '../../engine/task-ids.js';

/** Reads a team's (validated, defaulted) spec; undefined when it does not exist. */
export type TeamLookup = (namespace: string, name: string) => Promise<ArkTeamSpec | undefined>;

export interface NestedContext {
  namespace: string;
  /** Roles of the running team played by other teams: role → team name. */
  teamRoles: ReadonlyMap<string, string>;
  teams: TeamLookup;
  /** Teams on the nesting path, to refuse cycles. */
  parents: readonly string[];
  /** Builds the dispatcher of a nested team (its own roles, its own nested teams). */
  dispatcherFor(team: string, spec: ArkTeamSpec, parents: readonly string[]): TaskDispatcher;
  common: Pick<RunOptions, 'events' | 'clock' | 'store' | 'telemetry'>;
}

export function nestingDispatcher(inner: TaskDispatcher, ctx: NestedContext): TaskDispatcher {
  return {
    dispatch(task, signal) {
      const team = ctx.teamRoles.get(task.role);
      return team === undefined ? inner.dispatch(task, signal) : runNested(ctx, team, task, signal);
    },
  };
}

async function runNested(ctx: NestedContext, team: string, task: AgentTask, signal: AbortSignal): Promise<TaskOutcome> {
  if (ctx.parents.includes(team)) throw new TaskError(`arkTeam nesting cycle ${[...ctx.parents, team].join(' → ')}; fix: remove one reference`);
  const spec = await ctx.teams(ctx.namespace, team);
  if (spec === undefined) throw new TaskError(`role ${task.role}: ArkTeam ${ctx.namespace}/${team} not found or invalid; fix: create or fix the team, then retry the run`);
  const resolved = validateRunInput(spec, { ...task.inputs, prompt: task.prompt });
  const errors = resolved.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
  if (errors.length > 0) throw new TaskError(`team ${team}: ${errors.join('; ')}`);
  const parents = [...ctx.parents, team];
  const result = await runTeam({
    ...ctx.common, runId: nestedRunId(task.id, team), teamName: team, team: spec, input: resolved.input,
    dispatcher: ctx.dispatcherFor(team, spec, parents), signal, resume: true,
  });
  if (result.phase !== 'Succeeded') throw new TaskError(`team ${team} ended ${result.phase}: ${result.message ?? ''}`, result.usage);
  return { output: result.output ?? '', usage: result.usage };
}
