// The value model. Template data is JSON-like: string, number, boolean, null/undefined
// ("no value"), arrays and plain objects. JavaScript has one number type, so an integral
// number counts as a Go int and any other number as a float64.

import { formatG } from './numfmt.js';

export type Dict = Record<string, unknown>;

export function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** Go truthiness: false, 0, nil, "" and empty arrays/objects are false. */
export function truthy(v: unknown): boolean {
  if (isNil(v)) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0 && !Number.isNaN(v);
    case 'string': return v.length > 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** Go's type name for a value, as printed by `%!d(string=x)` and in error messages. */
export function typeName(v: unknown): string {
  if (isNil(v)) return '<nil>';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'int' : 'float64';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (isDict(v)) return 'map[string]interface {}';
  return typeof v;
}

/** How `{{ value }}` prints: nil as "", numbers like Go's %v, arrays/objects as compact JSON. */
export function printValue(v: unknown): string {
  if (isNil(v)) return '';
  switch (typeof v) {
    case 'string': return v;
    case 'number': return formatNumber(v);
    case 'boolean': return v ? 'true' : 'false';
  }
  return toJson(v);
}

/** fmt's %v (print, printf, toString): like template printing, but nil is "<nil>". */
export function fmtValue(v: unknown): string {
  return isNil(v) ? '<nil>' : printValue(v);
}

/** Go %v for a number: integers without a decimal point, floats in shortest %g form (1.5, 1.2345675e+06). */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return formatG(n, undefined);
}

/**
 * JSON like Go's encoding/json: object keys sorted, `<`, `>` and `&` escaped, nil as null.
 * Values that JSON cannot hold (functions, NaN) become null.
 */
export function toJson(v: unknown): string {
  return JSON.stringify(sortKeys(v)).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isDict(v)) return v;
  const out: Dict = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

/** Sorted own keys, the order in which Go ranges over and prints a map. */
export function sortedKeys(d: Dict): string[] {
  return Object.keys(d).sort();
}

const CONTROL_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/**
 * Go strconv.Quote (QuoteToASCII with `ascii`): quoted with Go escapes for control and
 * non-printable characters (`\u00a0`, `\U0001f600` when ascii-only).
 */
export function goQuote(s: string, quote = '"', ascii = false): string {
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (CONTROL_ESCAPES[ch] !== undefined) out += CONTROL_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (!ascii && PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

const encoder = new TextEncoder();

const decoder = new TextDecoder();

/** True when every character is ASCII, so UTF-16 offsets are UTF-8 byte offsets. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Length in UTF-8 bytes, as Go's len counts a string. */
export function byteLength(s: string): number {
  return isAscii(s) ? s.length : encoder.encode(s).length;
}

/** Bytes from…to of the UTF-8 encoding; a cut through a character decodes as U+FFFD. */
export function utf8Slice(s: string, from: number, to: number): string {
  return isAscii(s) ? s.slice(from, to) : decoder.decode(encoder.encode(s).subarray(from, to));
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
