// Turns zod issues into field issues a user can act on: the message names the value that
// was given and what was expected; the fix comes from the field's own description.
import type { z } from 'zod';
import { didYouMean, fieldError, fieldWarning, formatPath } from '../issues.js';
import type { FieldIssue, PathSegment } from '../issues.js';
import { descriptionOf, isIntegerAt, objectKeysAt, schemaAt } from './schema-walk.js';

type ZodIssue = z.core.$ZodIssue;

/** What the mapping needs besides the issue: the object checked and its schema. */
export interface IssueContext {
  root: z.ZodType;
  doc: unknown;
  /** Unknown fields are errors instead of warnings. */
  strict: boolean;
}

/** `string "3"`, `number 3`, `null`, `an object`… Long strings are shortened. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Numbers as written (`60`), anything else described. */
function shownNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

/** The value at `path` in `doc`, or undefined when any segment is missing. */
export function valueAt(doc: unknown, path: readonly PathSegment[]): unknown {
  let current = doc;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

export function toFieldIssues(issue: ZodIssue, ctx: IssueContext, prefix: readonly PathSegment[] = []): FieldIssue[] {
  const path = [...prefix, ...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s))];
  const where = formatPath(path);
  const input = valueAt(ctx.doc, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownField(ctx, path, key));
    case 'invalid_type':
      return [typeIssue(ctx, path, issue.expected, input)];
    case 'invalid_value':
      return [valueIssue(where, issue.values, input)];
    case 'too_small':
      return [tooSmall(where, issue.origin, Number(issue.minimum), issue.inclusive !== false, input)];
    case 'too_big':
      return [tooBig(where, issue.origin, Number(issue.maximum), input)];
    case 'invalid_format':
      return [formatIssue(where, issue, input)];
    case 'invalid_union':
      return unionIssues(issue, ctx, path, input);
    default:
      return [fieldError(where, issue.message, 'see `kubectl explain` for the field, or docs/teams.md')];
  }
}

function unknownField(ctx: IssueContext, parent: readonly PathSegment[], key: string): FieldIssue {
  const guess = didYouMean(key, objectKeysAt(ctx.root, parent));
  const hint = guess === undefined ? '' : `; did you mean "${guess}"?`;
  const where = formatPath([...parent, key]);
  return ctx.strict
    ? fieldError(where, `unknown field "${key}"${hint}`, 'remove it (strict mode)')
    : fieldWarning(where, `unknown field "${key}" ignored`, guess === undefined ? 'remove it, or check its spelling' : `did you mean "${guess}"? rename it`);
}

function typeIssue(ctx: IssueContext, path: readonly PathSegment[], expected: string, input: unknown): FieldIssue {
  const where = formatPath(path);
  if (input === undefined || input === null) return fieldError(where, 'required', requiredFix(ctx.root, path));
  const wanted = expected === 'int' || (expected === 'number' && isIntegerAt(ctx.root, path)) ? 'integer'
    : expected === 'record' ? 'object' : expected === 'array' ? 'list' : expected;
  const numeric = typeof input === 'string' && wanted !== 'string' && /^-?\d+(\.\d+)?$/.test(input.trim());
  const fix = numeric ? `write ${input.trim()} without quotes` : typeFix(wanted, input);
  return fieldError(where, `expected ${wanted}, got ${describeValue(input)}`, fix);
}

/** How to write a value of the expected type, for the common mix-ups. */
function typeFix(wanted: string, input: unknown): string {
  if (wanted === 'integer' && typeof input === 'number') return `write a whole number such as ${Math.round(input)}`;
  if (wanted === 'string') return `write the value in quotes, e.g. "${typeof input === 'object' ? '...' : String(input)}"`;
  if (wanted === 'list') return 'write a YAML list: one "- item" per line, or [a, b]';
  if (wanted === 'object') return 'write a mapping of key: value lines, indented under the field';
  if (wanted === 'boolean') return 'write true or false';
  return `write ${/^[aeiou]/.test(wanted) ? 'an' : 'a'} ${wanted}`;
}

/** `set model: model id, e.g. gpt-4o, …` from the field's description. */
function requiredFix(root: z.ZodType, path: readonly PathSegment[]): string {
  const field = String(path[path.length - 1] ?? 'the field');
  const description = descriptionOf(schemaAt(root, path));
  if (description === undefined) return `set ${field}`;
  const sentence = description.replace(/\.$/, '');
  return `set ${field}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

function valueIssue(where: string, values: readonly unknown[], input: unknown): FieldIssue {
  const options = values.map(String);
  if (options.length === 1) return fieldError(where, `${describeValue(input)} is not supported`, `use ${options[0] ?? ''}`);
  const shown = typeof input === 'string' ? JSON.stringify(input) : describeValue(input);
  const guess = typeof input === 'string' ? didYouMean(input, options) : undefined;
  return fieldError(where, `${shown} is not one of ${options.join(', ')}`, guess === undefined ? undefined : `use "${guess}"`);
}

function tooSmall(where: string, origin: string, minimum: number, inclusive: boolean, input: unknown): FieldIssue {
  if (origin === 'string' && minimum <= 1) return fieldError(where, 'must not be empty', 'give a value, or remove the field');
  if (origin === 'array') return fieldError(where, `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`, `add ${minimum === 1 ? 'an item' : 'items'}`);
  if (origin === 'string') return fieldError(where, `must be at least ${minimum} characters long`, 'write a longer value');
  return inclusive
    ? fieldError(where, `${shownNumber(input)} is below the minimum ${minimum}`, `set ${where} to ${minimum} or more`)
    : fieldError(where, `${shownNumber(input)} must be greater than ${minimum}`, `set ${where} above ${minimum}`);
}

function tooBig(where: string, origin: string, maximum: number, input: unknown): FieldIssue {
  if (origin === 'string') {
    const length = typeof input === 'string' ? ` (${input.length})` : '';
    return fieldError(where, `is longer than ${maximum} characters${length}`, `shorten it to at most ${maximum} characters`);
  }
  if (origin === 'array') return fieldError(where, `has more than ${maximum} items`, `keep at most ${maximum}`);
  return fieldError(where, `${shownNumber(input)} exceeds the maximum ${maximum}`, `set ${where} to ${maximum} or less`);
}

/** Names (DNS labels / RFC 1123) are the usual pattern failures: suggest a valid spelling. */
function nameFix(input: unknown): string {
  if (typeof input !== 'string') return 'write a lowercase name';
  const suggestion = input.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return suggestion === '' || suggestion === input ? 'use lowercase letters, digits and "-"' : `use lowercase letters, digits and "-", e.g. "${suggestion}"`;
}

function formatIssue(where: string, issue: z.core.$ZodIssueInvalidStringFormat, input: unknown): FieldIssue {
  if (issue.format === 'url') {
    return fieldError(where, `${describeValue(input)} is not a valid URL`, 'write an absolute URL such as http://host:8080/path');
  }
  const custom = !issue.message.startsWith('Invalid');
  const reason = custom ? issue.message : `does not match ${issue.pattern ?? issue.format}`;
  // A custom message that already says what to write ("use letters, …") is the fix itself.
  if (custom && /^use /.test(reason)) return fieldError(where, `${describeValue(input)} is invalid`, reason);
  const fix = issue.format === 'regex' && custom ? nameFix(input) : 'write a value in the described format';
  return fieldError(where, custom ? `${describeValue(input)} is invalid: ${reason}` : `${describeValue(input)} ${reason}`, fix);
}

/** A union failed: name the accepted types, or report the branch whose type did match. */
function unionIssues(issue: z.core.$ZodIssueInvalidUnion, ctx: IssueContext, path: readonly PathSegment[], input: unknown): FieldIssue[] {
  const typeMismatch = (branch: readonly ZodIssue[]) =>
    branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0;
  const matching = issue.errors.find((branch) => !typeMismatch(branch));
  if (matching !== undefined) return matching.flatMap((inner) => toFieldIssues(inner, ctx, path));
  const expected = issue.errors.map((branch) => {
    const first = branch[0];
    return first?.code === 'invalid_type' ? (first.expected === 'record' ? 'object' : first.expected) : 'other';
  });
  return [fieldError(formatPath(path), `expected ${expected.join(' or ')}, got ${describeValue(input)}`,
    `write ${expected.map((type) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`).join(' or ')}`)];
}
