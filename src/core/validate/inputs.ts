// Typed run inputs: the declarations on a team (`inputs[]`, or the older `input` map of
// defaults) and the checks a given value must pass.
import type { ArkTeamSpec, InputDeclaration } from '../../api/index.js';
import { fieldError, fieldWarning, formatPath } from '../issues.js';
import type { FieldIssue } from '../issues.js';
import { describeValue } from './schema-messages.js';

export type InputType = NonNullable<InputDeclaration['type']>;

/** Names usable as `.input.<name>`: declared inputs plus keys of the older `input` map. */
export function declaredInputNames(spec: Pick<ArkTeamSpec, 'inputs' | 'input'>): string[] {
  const names = new Set((spec.inputs ?? []).map((declaration) => declaration.name));
  for (const key of Object.keys(spec.input ?? {})) names.add(key);
  return [...names];
}

/** An undeclared type (`type` unset) accepts any value. */
export function matchesInputType(type: InputType | undefined, value: unknown): boolean {
  switch (type) {
    case undefined: return true;
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
  }
}

/**
 * The value converted to `type`, or undefined when it cannot be. Strings convert because
 * `ark run --input k=v` and query parameters only carry text: "3" → 3 for number/integer,
 * "true"/"false" for boolean, JSON text for object/array. Numbers and booleans given for a
 * string input become their text. Anything else must already have the declared type.
 */
export function coerceInput(type: InputType | undefined, value: unknown): { value: unknown } | undefined {
  if (matchesInputType(type, value)) return { value };
  if (type === 'string') return typeof value === 'number' || typeof value === 'boolean' ? { value: String(value) } : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (type === 'boolean') return text === 'true' ? { value: true } : text === 'false' ? { value: false } : undefined;
  if (type === 'number' || type === 'integer') {
    // Unambiguous grammar: no backtracking blow-up on long digit strings from a request.
    const number = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
    return matchesInputType(type, number) ? { value: number } : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return matchesInputType(type, parsed) ? { value: parsed } : undefined;
  } catch {
    return undefined;
  }
}

/** Unique names, defaults of the declared type, no default on a required input. */
export function validateInputDeclarations(spec: Pick<ArkTeamSpec, 'inputs'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstIndex = new Map<string, number>();
  (spec.inputs ?? []).forEach((declaration, index) => {
    const base = ['spec', 'inputs', index] as const;
    const first = firstIndex.get(declaration.name);
    if (first === undefined) firstIndex.set(declaration.name, index);
    else issues.push(fieldError(formatPath([...base, 'name']), `duplicate input "${declaration.name}" (also spec.inputs[${first}])`, 'give each input a unique name'));
    if (declaration.default === undefined) return;
    if (declaration.type !== undefined && !matchesInputType(declaration.type, declaration.default)) {
      issues.push(fieldError(formatPath([...base, 'default']), `expected ${declaration.type}, got ${describeValue(declaration.default)}`,
        coerceInput(declaration.type, declaration.default) === undefined ? `write ${withArticle(declaration.type)} value` : 'write the value without quotes'));
    }
    if (declaration.required) {
      issues.push(fieldWarning(formatPath([...base, 'required']), 'a required input never uses its default', 'drop required or the default'));
    }
  });
  return issues;
}

/** `an integer`, `a string` — for messages. */
export function withArticle(type: InputType): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
