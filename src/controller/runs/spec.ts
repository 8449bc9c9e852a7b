// What a run needs from its ArkRun spec: the team snapshot and resolved input the mutating
// webhook wrote. An ArkRun created while the webhook was off may have neither, or a spec
// the schema refuses; that is reported as a message naming the field and the fix (the run
// then ends Failed), never thrown.
import { API_VERSION, type ArkTeamSpec } from '../../api/index.js';
import { checkSchema, formatIssue } from '../../core/index.js';

export interface RunnableSpec {
  teamName: string;
  team: ArkTeamSpec;
  input: Record<string, unknown>;
}

export type SpecCheck = { ok: true; spec: RunnableSpec } | { ok: false; message: string };

/** Most schema problems listed in one message. */
const MAX_PROBLEMS = 5;

export function runnableSpec(name: string, spec: unknown): SpecCheck {
  const checked = checkSchema({ apiVersion: API_VERSION, kind: 'ArkRun', metadata: { name }, spec });
  if (checked.value === undefined || checked.value.kind !== 'ArkRun') {
    const errors = checked.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
    const more = errors.length > MAX_PROBLEMS ? `; and ${errors.length - MAX_PROBLEMS} more` : '';
    return { ok: false, message: `the ArkRun spec is invalid: ${errors.slice(0, MAX_PROBLEMS).join('; ')}${more}` };
  }
  const run = checked.value.spec;
  if (run.teamSpec === undefined) {
    return {
      ok: false,
      message: `spec.teamSpec: missing: the run has no team snapshot (it was created while the ARKONIS mutating webhook was not serving); fix: create the ArkRun again with only spec.teamRef.name (${run.teamRef.name}) and spec.input while the webhook is registered`,
    };
  }
  return { ok: true, spec: { teamName: run.teamRef.name, team: run.teamSpec, input: run.input ?? {} } };
}
