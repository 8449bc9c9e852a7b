// Comparison builtins (eq ne lt le gt ge) with Go's rules, except that integers and floats
// compare by value (JavaScript has one number type). Values of different kinds are an
// error, except that comparing anything with nil for equality is simply false.

import { FuncError } from './errors.js';
import { isNil, printValue, typeName } from './values.js';

type Kind = 'number' | 'string' | 'bool' | 'nil' | 'other';

function kindOf(v: unknown): Kind {
  if (isNil(v)) return 'nil';
  switch (typeof v) {
    case 'number': return 'number';
    case 'string': return 'string';
    case 'boolean': return 'bool';
    default: return 'other';
  }
}

function incompatible(a: unknown, b: unknown): FuncError {
  return new FuncError(
    `incompatible types for comparison: ${typeName(a)} (${printValue(a)}) and ${typeName(b)} (${printValue(b)}); convert one side with "int", "float64" or "toString"`,
  );
}

function equal(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'other' || kb === 'other') throw new FuncError(`non-comparable type ${typeName(ka === 'other' ? a : b)}: only numbers, strings, booleans and nil can be compared`);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) throw incompatible(a, b);
  return a === b;
}

/** `eq a b c…` is true when a equals any of the rest (Go semantics). */
export function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new FuncError('missing argument for comparison');
  return rest.some((b) => equal(a, b));
}

export function ne(a: unknown, b: unknown): boolean {
  return !equal(a, b);
}

/** -1, 0 or 1; only numbers with numbers and strings with strings are ordered. */
function order(a: unknown, b: unknown): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== 'number' && ka !== 'string') throw new FuncError(`invalid type for comparison: ${typeName(a)}`);
  if (kb !== 'number' && kb !== 'string') throw new FuncError(`invalid type for comparison: ${typeName(b)}`);
  if (ka !== kb) throw incompatible(a, b);
  const x = a as number | string;
  const y = b as number | string;
  return x < y ? -1 : x > y ? 1 : 0;
}

export const lt = (a: unknown, b: unknown): boolean => order(a, b) < 0;
export const le = (a: unknown, b: unknown): boolean => order(a, b) <= 0;
export const gt = (a: unknown, b: unknown): boolean => order(a, b) > 0;
export const ge = (a: unknown, b: unknown): boolean => order(a, b) >= 0;
