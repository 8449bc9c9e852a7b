// The run input of a local run (`ark run --input`, or a nested arkTeam step), checked and
// formatted in one place.
import type { ArkTeamSpec } from '../../api/index.js';
import { formatIssue } from '../../core/issues.js';
import { validateRunInput } from '../../core/validate/index.js';

export interface ResolvedInput {
  input: Record<string, unknown>;
  /** One line per problem: `path: message; fix: …`. */
  errors: string[];
  warnings: string[];
}

export function resolveRunInput(team: Pick<ArkTeamSpec, 'inputs' | 'input'>, given: Record<string, unknown>): ResolvedInput {
  const resolved = validateRunInput(team, given);
  const lines = (severity: 'error' | 'warning'): string[] =>
    resolved.issues.filter((issue) => issue.severity === severity).map(formatIssue);
  return { input: resolved.input, errors: lines('error'), warnings: lines('warning') };
}
