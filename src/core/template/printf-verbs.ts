// The verbs of Go's fmt for one argument, with Go's padding rules: %v %T %t %d %b %o %O %x
// %X %c %q %U for integers, %e %E %f %F %g %G %x %X %v for floats, %s %q %x %X %v for
// strings and %#v (Go syntax). Integral numbers are ints that also accept the float verbs
// (one number type; see deviations.ts). Nothing here throws: a verb that does not fit its
// argument prints `%!d(string=x)`.

import { formatFloat, formatG, formatHexFloat } from './numfmt.js';
import { formatNumber, goQuote, isDict, isNil, printValue, sortedKeys, typeName, utf8Bytes } from './values.js';

export interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  width: number | undefined;
  prec: number | undefined;
  verb: string;
}

export function formatArg(spec: Spec, v: unknown): string {
  if (spec.verb === 'T') return pad(spec, truncate(typeName(v), spec.prec));
  if (isNil(v)) return spec.verb === 'v' ? pad(spec, '<nil>') : `%!${spec.verb}(<nil>)`;
  if (spec.verb === 'v' && spec.sharp) return pad(spec, goSyntax(v));
  switch (typeof v) {
    case 'boolean': return spec.verb === 't' || spec.verb === 'v' ? pad(spec, String(v)) : bad(spec, v);
    case 'number': return Number.isInteger(v) && Math.abs(v) < 2 ** 64 ? formatInteger(spec, v) : formatFloatVerb(spec, v);
    case 'string': return formatString(spec, v);
  }
  return spec.verb === 'v' || spec.verb === 's' ? pad(spec, printValue(v)) : bad(spec, v);
}

function bad(spec: Spec, v: unknown): string {
  return `%!${spec.verb}(${typeName(v)}=${printValue(v)})`;
}

/** Pads to the width (counted in characters); the zero flag pads with zeros on the left. */
function pad(spec: Spec, s: string): string {
  const n = (spec.width ?? 0) - Array.from(s).length;
  if (n <= 0) return s;
  if (spec.minus) return s + ' '.repeat(n);
  return (spec.zero ? '0' : ' ').repeat(n) + s;
}

function truncate(s: string, prec: number | undefined): string {
  return prec === undefined ? s : Array.from(s).slice(0, prec).join('');
}

const RADIX: Record<string, number> = { d: 10, v: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };
const PREFIX: Record<string, string> = { b: '0b', o: '0', x: '0x', X: '0X' };

function formatInteger(spec: Spec, v: number): string {
  switch (spec.verb) {
    case 'c': return pad(spec, runeText(v));
    case 'q': return pad(spec, goQuote(runeText(v), "'", spec.plus));
    case 'U': return pad(spec, unicodeText(spec, v));
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return formatFloatVerb(spec, v);
  }
  const radix = RADIX[spec.verb];
  if (radix === undefined) return bad(spec, v);
  const negative = v < 0;
  let digits = Math.abs(v).toString(radix);
  if (spec.verb === 'X') digits = digits.toUpperCase();
  // Go: %.0d of 0 prints nothing (only padding); %0Nd pads with zeros like a precision.
  if (spec.prec === 0 && v === 0) return pad({ ...spec, zero: false }, '');
  let minDigits = spec.prec ?? 0;
  if (spec.prec === undefined && spec.zero && spec.width !== undefined) minDigits = spec.width - (negative || spec.plus || spec.space ? 1 : 0);
  digits = digits.padStart(minDigits, '0');
  if (spec.verb === 'O') digits = `0o${digits}`;
  else if (spec.sharp && !(spec.verb === 'o' && digits.startsWith('0'))) digits = (PREFIX[spec.verb] ?? '') + digits;
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad({ ...spec, zero: false }, sign + digits);
}

/** The character for a code point; invalid ones (negative, surrogates, too large) are U+FFFD. */
function runeText(cp: number): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
  return valid ? String.fromCodePoint(cp) : '\uFFFD';
}

function unicodeText(spec: Spec, cp: number): string {
  const hex = `U+${(cp < 0 ? 2 ** 64 + cp : cp).toString(16).toUpperCase().padStart(spec.prec ?? 4, '0')}`;
  if (!spec.sharp || cp < 0 || cp > 0x10ffff || !isPrintableRune(cp)) return hex;
  return `${hex} '${String.fromCodePoint(cp)}'`;
}

function isPrintableRune(cp: number): boolean {
  return !/[\p{C}\p{Z}]/u.test(String.fromCodePoint(cp)) || cp === 0x20;
}

function formatFloatVerb(spec: Spec, v: number): string {
  let text: string;
  switch (spec.verb) {
    case 'v': text = formatG(v, spec.prec); break;
    case 'x': case 'X': text = formatHexFloat(v, spec.prec, spec.verb === 'X'); break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': text = formatFloat(v, spec.verb, spec.prec); break;
    default: return bad(spec, v);
  }
  const finite = Number.isFinite(v);
  if (!text.startsWith('-') && !text.startsWith('+')) {
    if (spec.plus) text = `+${text}`;
    else if (spec.space) text = ` ${text}`;
  }
  if (!spec.zero || !finite || spec.width === undefined || spec.width <= text.length) return pad({ ...spec, zero: false }, text);
  const signLen = /^[-+ ]/.test(text) ? 1 : 0;
  return text.slice(0, signLen) + text.slice(signLen).padStart(spec.width - signLen, '0');
}

function formatString(spec: Spec, s: string): string {
  switch (spec.verb) {
    case 'v': case 's': return pad(spec, truncate(s, spec.prec));
    case 'q': return pad(spec, quoteString(spec, truncate(s, spec.prec)));
    case 'x': case 'X': return hexBytes(spec, s);
  }
  return bad(spec, s);
}

function quoteString(spec: Spec, s: string): string {
  if (spec.sharp && canBackquote(s)) return `\`${s}\``;
  return goQuote(s, '"', spec.plus);
}

/** strconv.CanBackquote: no backquote, no control characters but tab, no U+FEFF. */
function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x60 || c === 0x7f || c === 0xfeff) return false;
  }
  return true;
}

/** %x of a string: its UTF-8 bytes; `% x` separates them, `%#x` adds 0x (to each with ` `). */
function hexBytes(spec: Spec, s: string): string {
  let bytes = Array.from(utf8Bytes(s), (b) => b.toString(16).padStart(2, '0'));
  if (spec.prec !== undefined) bytes = bytes.slice(0, spec.prec);
  const prefix = spec.verb === 'X' ? '0X' : '0x';
  let text: string;
  if (spec.space) text = bytes.map((b) => (spec.sharp ? prefix : '') + b).join(' ');
  else text = (spec.sharp && bytes.length > 0 ? prefix : '') + bytes.join('');
  return pad(spec, spec.verb === 'X' ? text.toUpperCase() : text);
}

/** %#v: Go syntax for the value as Go would hold it ([]interface {}, map[string]interface {}). */
function goSyntax(v: unknown): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isDict(v)) return `map[string]interface {}{${sortedKeys(v).map((k) => `${goQuote(k)}:${goSyntax(v[k])}`).join(', ')}}`;
  return String(v);
}
