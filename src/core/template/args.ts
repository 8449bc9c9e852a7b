// Argument coercion shared by the Sprig functions. Missing values (nil) count as the empty
// string or zero, as ARKONIS renders missing inputs empty; other wrong types are errors,
// as in Go, with a hint on how to convert.

import { FuncError } from './errors.js';
import { fmtValue, isNil, printValue, typeName } from './values.js';

export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isNil(v)) return '';
  throw new FuncError(`expected a string, got ${typeName(v)} (${printValue(v)}); convert it with "toString"`);
}

export function int(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new FuncError(`expected an integer, got ${typeName(v)} (${printValue(v)}); convert it with "int"`);
}

/** Sprig's strval: strings as is, everything else as fmt's %v (nil is "<nil>"). */
export function strval(v: unknown): string {
  return typeof v === 'string' ? v : fmtValue(v);
}

/**
 * Sprig's toInt64 (cast.ToInt64) extended so "8.7" gives 8: numbers truncate, booleans are
 * 1/0, numeric strings parse (decimal, or 0x/0o/0b), anything else is 0.
 */
export function toInt(v: unknown): number {
  const n = toFloat(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** Sprig's toFloat64: numbers as is, booleans 1/0, numeric strings parsed, anything else 0. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return 0;
  const s = v.trim().replaceAll('_', '');
  if (s === '') return 0;
  const n = Number(s);
  if (!Number.isNaN(n)) return n;
  const prefixed = /^[+-]0[xob]/i.test(s) ? Number(s.slice(1)) * (s.startsWith('-') ? -1 : 1) : NaN;
  return Number.isNaN(prefixed) ? 0 : prefixed;
}
