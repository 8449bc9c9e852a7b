// More Sprig string functions: cutting (trunc, substr, abbrev), building (repeat, cat,
// plural), words (initials, untitle, nospace) and base64. Lengths and offsets count UTF-8
// bytes, as Sprig's do (Go strings are bytes).

import { int, str, strval, toInt } from './args.js';
import { FuncError } from './errors.js';
import type { FuncDef } from './func-def.js';
import { fn } from './func-def.js';
import { goToLower, isGoSpace } from './gostrings.js';
import { byteLength, isNil, utf8Bytes, utf8Slice } from './values.js';

/** Sprig trunc: the first n bytes, or for negative n the last -n. */
function trunc(n: number, s: string): string {
  const len = byteLength(s);
  if (n < 0 && len + n > 0) return utf8Slice(s, len + n, len);
  if (n >= 0 && len > n) return utf8Slice(s, 0, n);
  return s;
}

/** Sprig substr: bytes start…end; a negative start means 0, a negative or too large end the length. */
function substr(start: number, end: number, s: string): string {
  const len = byteLength(s);
  const from = Math.max(start, 0);
  const to = start < 0 ? end : end < 0 || end > len ? len : end;
  if (from > len || to < from) throw new FuncError(`substr: slice bounds out of range [${start}:${end}] of a ${len}-byte string`);
  return utf8Slice(s, from, to);
}

/** goutils.Abbreviate: cut to `width` bytes ending in "...", for widths of 4 and more. */
function abbrev(width: number, s: string): string {
  if (width < 4 || byteLength(s) <= width) return s;
  return `${utf8Slice(s, 0, width - 3)}...`;
}

function repeat(n: number, s: string): string {
  if (n < 0) throw new FuncError(`repeat count must not be negative, got ${n}`);
  if (n * s.length > 1e7) throw new FuncError(`repeat would build ${n * s.length} characters (at most 10000000)`);
  return s.repeat(n);
}

/** Words split on Unicode spaces, with `each` applied to every word's first character. */
function mapWordStarts(s: string, each: (first: string) => string): string {
  let out = '';
  let start = true;
  for (const ch of s) {
    const space = isGoSpace(ch);
    out += start && !space ? each(ch) : ch;
    start = space;
  }
  return out;
}

function initials(s: string): string {
  let out = '';
  mapWordStarts(s, (first) => (out += first));
  return out;
}

function base64Encode(s: string): string {
  let binary = '';
  for (const b of utf8Bytes(s)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Sprig b64dec: the decoded text, or (as Sprig does) the decoding error as the result. */
function base64Decode(s: string): string {
  const bad = /[^A-Za-z0-9+/=]/.exec(s);
  if (bad || s.length % 4 !== 0) return `illegal base64 data at input byte ${bad ? bad.index : s.length - (s.length % 4)}`;
  try {
    const binary = atob(s);
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return `illegal base64 data at input byte ${Math.max(0, s.indexOf('='))}`;
  }
}

export const TEXT_FUNCS: Record<string, FuncDef> = {
  trunc: fn(2, 2, 'trunc COUNT STRING', ([n, s]) => trunc(int(n), str(s))),
  substr: fn(3, 3, 'substr START END STRING', ([a, b, s]) => substr(int(a), int(b), str(s))),
  abbrev: fn(2, 2, 'abbrev WIDTH STRING', ([n, s]) => abbrev(int(n), str(s))),
  repeat: fn(2, 2, 'repeat COUNT STRING', ([n, s]) => repeat(int(n), str(s))),
  cat: fn(0, Infinity, 'cat VALUE …', (args) => args.filter((a) => !isNil(a)).map(strval).join(' ')),
  plural: fn(3, 3, 'plural ONE MANY COUNT', ([one, many, n]) => (toInt(n) === 1 ? str(one) : str(many))),
  initials: fn(1, 1, 'initials STRING', ([s]) => initials(str(s))),
  untitle: fn(1, 1, 'untitle STRING', ([s]) => mapWordStarts(str(s), goToLower)),
  nospace: fn(1, 1, 'nospace STRING', ([s]) => Array.from(str(s)).filter((ch) => !isGoSpace(ch)).join('')),
  b64enc: fn(1, 1, 'b64enc STRING', ([s]) => base64Encode(strval(s))),
  b64dec: fn(1, 1, 'b64dec STRING', ([s]) => base64Decode(strval(s))),
};
