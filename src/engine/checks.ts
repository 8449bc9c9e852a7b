// Output checks of one step attempt: outputSchema, then validate (contains, rejectPatterns,
// schema, semantic). The first failing check gives the reason fed back on retry.
import { parseOutputData } from '../core/template/index.js';
import type { StepChecks } from './plan.js';

export type CheckResult = { ok: true; data: unknown } | { ok: false; reason: string };

/** Asks an agent whether `output` passes the validator prompt; answers starting VALID pass. */
export type SemanticJudge = (validatorPrompt: string, output: string) => Promise<boolean>;

export async function checkOutput(output: string, checks: StepChecks, judge: SemanticJudge): Promise<CheckResult> {
  const data = parseOutputData(output);
  const schemaFailure = schemaReason('outputSchema', checks.outputSchema, output, data)
    ?? patternReason(output, checks)
    ?? schemaReason('validate.schema', checks.validateSchema, output, data);
  if (schemaFailure) return { ok: false, reason: schemaFailure };
  if (checks.semantic !== undefined && !(await judge(checks.semantic, output))) {
    return { ok: false, reason: 'validate.semantic: the validator judged the output INVALID' };
  }
  return { ok: true, data };
}

function schemaReason(
  field: string, validate: ((data: unknown) => string[]) | undefined, output: string, data: unknown,
): string | undefined {
  if (!validate) return undefined;
  if (data === undefined) return `${field}: the output is not JSON (got "${preview(output)}")`;
  const errors = validate(data);
  return errors.length > 0 ? `${field}: ${errors.slice(0, 5).join('; ')}` : undefined;
}

function patternReason(output: string, checks: StepChecks): string | undefined {
  if (checks.contains && !checks.contains.test(output)) {
    return `validate.contains: the output does not match /${checks.contains.source}/`;
  }
  const rejected = checks.rejectPatterns.find((pattern) => pattern.test(output));
  return rejected ? `validate.rejectPatterns: the output matches /${rejected.source}/` : undefined;
}

/** Ends every semantic-check prompt; the answer is judged by isValidVerdict. */
export const VERDICT_INSTRUCTION = 'Reply with exactly one word: VALID or INVALID.';

export function isValidVerdict(answer: string): boolean {
  return /^\W*VALID\b/i.test(answer);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
