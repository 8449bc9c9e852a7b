// Every task id is built (and read back) here. Ids are deterministic so that a run resumed
// after a restart re-attaches to its tasks, and a redelivered task keeps its identity:
//   step attempt   <runId>/<step>/<iteration>.<attempt>   attempt counts every attempt of
//                                                          the step, across iterations and
//                                                          retries, so a retry never reuses
//                                                          an id (or gets an old failure back)
//   semantic check <step task id>/validate
//   delegation     <parent task id>/delegate-<turn>.<call>-<role>   the call's position in
//                                                          the parent's conversation
//   nested run     <task id>/<team>

export function stepTaskId(runId: string, step: string, iteration: number, attempt: number): string {
  return `${runId}/${step}/${iteration}.${attempt}`;
}

/** The iteration and attempt of a step task id of this run and step; undefined for others. */
export function parseStepTaskId(id: string, runId: string, step: string): { iteration: number; attempt: number } | undefined {
  const prefix = `${runId}/${step}/`;
  if (!id.startsWith(prefix)) return undefined;
  const match = /^(\d+)\.(\d+)$/.exec(id.slice(prefix.length));
  return match ? { iteration: Number(match[1]), attempt: Number(match[2]) } : undefined;
}

export function validateTaskId(stepTask: string): string {
  return `${stepTask}/validate`;
}

/** `turn` is the parent's model turn (1-based), `call` the call's index in that turn. */
export function delegateTaskId(parentTask: string, turn: number, call: number, role: string): string {
  return `${parentTask}/delegate-${turn}.${call}-${role}`;
}

export function nestedRunId(taskId: string, team: string): string {
  return `${taskId}/${team}`;
}
