// A stored spec, checked with the same rules as admission. An object can exist that the
// webhooks would refuse (created while they were off, or before a rule existed); the
// controllers keep its first problem instead of the spec, report it as a condition, and
// act on nothing else, so such an object never crash-loops a reconcile.
import type { ZodType } from 'zod';
import { formatIssue } from '../core/index.js';
import type { FieldIssue } from '../core/index.js';

export type StoredSpec<T> = { ok: true; value: T } | { ok: false; problem: string };

const FIX = 'correct the field (the admission webhook would deny it)';

/** The parsed spec, or the first schema or rule error as one line with a fix. */
export function checkStoredSpec<T>(schema: ZodType<T>, raw: unknown, rules: (spec: T) => FieldIssue[]): StoredSpec<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['spec', ...(issue?.path ?? [])].join('.');
    return { ok: false, problem: `${path}: ${issue?.message ?? 'invalid'}; fix: ${FIX}` };
  }
  const error = rules(parsed.data).find((issue) => issue.severity === 'error');
  return error ? { ok: false, problem: formatIssue({ fix: FIX, ...error }) } : { ok: true, value: parsed.data };
}

/** The fields of a stored status a controller writes (as stored, unchecked: they are only compared). */
export function storedStatus(status: Record<string, unknown> | undefined, fields: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of fields) if (status?.[field] !== undefined) kept[field] = status[field];
  return kept;
}
