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
    const declaration = declarations.find((d) => d.name === name);
    if (declaration === undefined) {
      if (!known.includes(name)) issues.push(unknownInput(path, name, known));
      input[name] = value;
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
  return { input, issues };
}

function unknownInput(path: string, name: string, known: readonly string[]): FieldIssue {
  const guess = didYouMean(name, known);
  const declared = known.length === 0 ? 'the team declares no inputs' : `the team declares ${known.join(', ')}`;
  return fieldWarning(path, `unknown input "${name}" (${declared})`, guess === undefined ? undefined : `did you mean "${guess}"?`);
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
