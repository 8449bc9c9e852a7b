// ArkRun rules: resolving the run input against the team's declarations (at admission and
// in `ark run`), and immutability of an admitted run's spec.
import type { ArkTeamSpec } from '../../api/index.js';
import { didYouMean, fieldError, fieldWarning, formatPath } from '../issues.js';
import type { FieldIssue, PathSegment } from '../issues.js';
import { coerceInput, declaredInputNames, withArticle } from './inputs.js';
import { describeValue } from './schema-messages.js';

export interface RunInputResult {
  /** Declared defaults merged with the given input, values converted to their declared types. */
  input: Record<string, unknown>;
  issues: FieldIssue[];
  /** Required inputs neither given nor defaulted (also reported in issues). */
  missing: string[];
}

/** The task input every run has; a team reads it as `.input.prompt` without declaring it. */
export const MAIN_INPUT = 'prompt';

/** Names a JavaScript object cannot hold as plain data: refused rather than silently lost. */
const RESERVED_INPUT_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function reservedInputName(name: string): FieldIssue | undefined {
  if (!RESERVED_INPUT_NAMES.has(name)) return undefined;
  return fieldError(formatPath(['spec', 'input', name]), `"${name}" cannot be an input name: it is reserved by JavaScript objects and would be dropped`,
    'rename the input');
}

/**
 * Resolves a run's input: defaults (older `input` map first, then `inputs[].default`) are
 * overridden by the given values; given values are converted to the declared type (see
 * coerceInput: CLI and query values arrive as text). Missing required inputs and values of
 * the wrong type are errors; names the team does not declare are warnings and kept as given.
 */
export function validateRunInput(
  teamSpec: Pick<ArkTeamSpec, 'inputs' | 'input'>, given: Readonly<Record<string, unknown>> = {},
): RunInputResult {
  // Cloned: a run must never share (and later mutate) the team's default values.
  const input: Record<string, unknown> = structuredClone(teamSpec.input ?? {});
  const declarations = teamSpec.inputs ?? [];
  for (const declaration of declarations) {
    if (declaration.default !== undefined) input[declaration.name] = structuredClone(declaration.default);
  }
  const issues: FieldIssue[] = [];
  const known = declaredInputNames(teamSpec);
  for (const [name, value] of Object.entries(given)) {
    const path = formatPath(['spec', 'input', name]);
    const reserved = reservedInputName(name);
    if (reserved !== undefined) { issues.push(reserved); continue; }
    const declaration = declarations.find((d) => d.name === name);
    if (declaration === undefined) {
      if (!known.includes(name) && name !== MAIN_INPUT) issues.push(unknownInput(path, name, known));
      input[name] = value;
      continue;
    }
    const beyond = beyondSafeInteger(value);
    if (beyond !== undefined && (declaration.type === 'integer' || declaration.type === 'number')) {
      issues.push(fieldError(path, `${beyond} is beyond ±2^53 (9007199254740991), where integers lose precision`,
        'give a smaller integer, or declare the input as type: string'));
      continue;
    }
    const coerced = coerceInput(declaration.type, value);
    if (coerced === undefined && declaration.type !== undefined) {
      issues.push(fieldError(path, `expected ${declaration.type}, got ${describeValue(value)}`, `give ${withArticle(declaration.type)} value`));
    } else {
      input[name] = coerced?.value;
    }
  }
  const missing = declarations.filter((d) => d.required && input[d.name] === undefined).map((d) => d.name);
  if (missing.length > 0) {
    issues.push(fieldError('spec.input', `missing required input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
      `set ${missing.map((name) => formatPath(['spec', 'input', name])).join(', ')}`));
  }
  return { input, issues, missing };
}

/** The text of an integer (number or digits) that a JS number cannot hold exactly, else undefined. */
function beyondSafeInteger(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value !== 'string' || !/^[-+]?\d{16,}$/.test(value.trim())) return undefined;
  return Number.isSafeInteger(Number(value.trim())) ? undefined : value.trim();
}

function unknownInput(path: string, name: string, known: readonly string[]): FieldIssue {
  const guess = didYouMean(name, known);
  const declared = known.length === 0 ? 'the team declares no inputs' : `the team declares ${known.join(', ')}`;
  return fieldWarning(path, `unknown input "${name}" (${declared})`,
    guess === undefined ? `declare it in spec.inputs (- name: ${name}), or leave it out` : `did you mean "${guess}"?`);
}

/** Most changed paths reported for one update; beyond this the rest are summarised. */
const MAX_CHANGE_ISSUES = 20;

/** An error per changed spec path between the admitted run and an update of it. */
export function checkRunImmutable(oldSpec: unknown, newSpec: unknown): FieldIssue[] {
  const changed: string[] = [];
  collectChanges(oldSpec, newSpec, ['spec'], changed);
  const issues = changed.slice(0, MAX_CHANGE_ISSUES).map((path) =>
    fieldError(path, 'an ArkRun is immutable once admitted', 'create a new ArkRun'));
  if (changed.length > MAX_CHANGE_ISSUES) {
    issues.push(fieldError('spec', `${changed.length - MAX_CHANGE_ISSUES} more fields changed`, 'create a new ArkRun'));
  }
  return issues;
}

function collectChanges(before: unknown, after: unknown, path: PathSegment[], out: string[]): void {
  if (Object.is(before, after)) return;
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  if (bothArrays && before.length !== after.length) {
    out.push(formatPath(path));
    return;
  }
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) {
    out.push(formatPath(path));
    return;
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const segment: PathSegment = Array.isArray(before) ? Number(key) : key;
    collectChanges((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], [...path, segment], out);
  }
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
