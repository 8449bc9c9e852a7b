// The query parameters and request bodies of the routes (C3), validated with zod; a bad
// value is a 400 Status naming the parameter, the value and what is accepted.
import { z } from 'zod';
import { badRequest } from './status.js';
import type { ApiError } from './status.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const count = (max: number) => z.string().regex(/^\d{1,9}$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(0).max(max));

export const logQuery = z.object({
  step: z.string().min(1).max(253).optional(),
  follow: flag.optional(),
  timestamps: flag.optional(),
  tailLines: count(1_000_000).optional(),
  sinceSeconds: count(10 * 365 * 86_400).pipe(z.number().min(1)).optional(),
  format: z.enum(['text', 'json']).optional(),
});

export const taskQuery = z.object({ wait: count(60).optional() });

const MAX_PROMPT_BYTES = 1024 * 1024;

export const taskBody = z.strictObject({
  prompt: z.string().min(1, 'prompt must not be empty').refine((p) => Buffer.byteLength(p) <= MAX_PROMPT_BYTES, `prompt is longer than ${MAX_PROMPT_BYTES} bytes`),
  inputs: z.record(z.string().min(1).max(253), z.string()).optional(),
});

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

export const runBody = z.strictObject({
  input: z.record(z.string().min(1).max(253), z.unknown()).refine((input) => Object.keys(input).every((k) => !forbiddenKeys.has(k)), 'input keys __proto__, constructor and prototype are refused').optional(),
});

export const retryBody = z.strictObject({ step: z.string().min(1).max(253).optional() });
export const cancelBody = z.strictObject({});

/** Parses `value` or throws a 400 naming where the problem is (`query`, `body`). */
export function parse<T>(schema: z.ZodType<T>, value: unknown, where: 'query' | 'body'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw issuesError(result.error, where, value);
}

function issuesError(error: z.ZodError, where: string, value: unknown): ApiError {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    const given = path === '' ? undefined : pick(value, issue.path);
    const shown = given === undefined ? '' : ` (got ${JSON.stringify(given)?.slice(0, 80) ?? typeof given})`;
    return `${where}${path === '' ? '' : `.${path}`}: ${issue.message}${shown}`;
  });
  return badRequest(`${lines.join('; ')}; fix: see docs/apiservice.md for the accepted ${where === 'query' ? 'parameters' : 'fields'}`);
}

function pick(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
