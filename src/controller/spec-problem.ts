// The condition message for a stored spec the API schema refuses (written while the
// admission webhooks were off, or before a rule existed): the first problem's field, the
// schema's message and the fix.
import type { z } from 'zod';

export function specProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `spec.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}; fix: correct the field (the admission webhook would deny it)`;
}
