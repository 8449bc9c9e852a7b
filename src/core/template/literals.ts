// Literal scanning for the lexer: Go string, raw string, rune and number syntax.

import { TemplateError } from './errors.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

/** Decodes a "double-quoted" (Go escapes) or `raw` string starting at `p`. */
export function decodeQuoted(src: string, p: number): { value: string; end: number } {
  if (src.charCodeAt(p) === 96) {
    const close = src.indexOf('`', p + 1);
    if (close < 0) throw new TemplateError('unterminated raw quoted string: add a closing "`"', src, p);
    return { value: src.slice(p + 1, close), end: close + 1 };
  }
  return decodeEscaped(src, p, '"');
}

/** Decodes a 'c' rune literal to its code point (Go treats it as an integer constant). */
export function decodeChar(src: string, p: number): { value: number; end: number } {
  const { value, end } = decodeEscaped(src, p, "'");
  const cp = value.codePointAt(0);
  if (cp === undefined || value.length !== String.fromCodePoint(cp).length) {
    throw new TemplateError('malformed character constant: write exactly one character between single quotes', src, p);
  }
  return { value: cp, end };
}

function decodeEscaped(src: string, p: number, quote: string): { value: string; end: number } {
  let out = '';
  let i = p + 1;
  let runStart = i;
  for (;;) {
    if (i >= src.length || src[i] === '\n') {
      throw new TemplateError(`unterminated quoted string: add a closing ${quote}`, src, p);
    }
    const ch = src[i];
    if (ch === quote) return { value: out + src.slice(runStart, i), end: i + 1 };
    if (ch !== '\\') {
      i++;
      continue;
    }
    out += src.slice(runStart, i);
    const { text, len } = decodeEscape(src, i, quote);
    out += text;
    i += len;
    runStart = i;
  }
}

/** One escape sequence at `i` (which holds the backslash). */
function decodeEscape(src: string, i: number, quote: string): { text: string; len: number } {
  const e = src[i + 1] ?? '';
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { text: simple, len: 2 };
  if (e === quote) return { text: quote, len: 2 };
  const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hexLen > 0) return { text: codePoint(src, i, src.slice(i + 2, i + 2 + hexLen), 16, hexLen), len: 2 + hexLen };
  if (e >= '0' && e <= '7') return { text: codePoint(src, i, src.slice(i + 1, i + 4), 8, 3), len: 4 };
  throw new TemplateError(`invalid escape sequence "\\${e}" in string; write "\\\\" for a backslash`, src, i);
}

function codePoint(src: string, i: number, digits: string, radix: number, len: number): string {
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  const n = parseInt(digits, radix);
  if (digits.length !== len || !valid.test(digits) || n > 0x10ffff) {
    throw new TemplateError(`invalid escape sequence "${src.slice(i, i + len + 2)}" in string`, src, i);
  }
  return String.fromCodePoint(n);
}

const isDigitIn = (c: string, digits: string): boolean => c !== '' && digits.includes(c);

/** Scans a Go number literal at `p` (sign, base prefixes, '_', fraction, exponent, hex floats). */
export function scanNumber(src: string, p: number): { value: number; end: number } {
  let i = p;
  const at = (k: number): string => src[k] ?? '';
  if (at(i) === '+' || at(i) === '-') i++;
  let digits = DECIMAL;
  if (at(i) === '0' && 'xXoObB'.includes(at(i + 1)) && at(i + 1) !== '') {
    const b = at(i + 1).toLowerCase();
    digits = b === 'x' ? HEX : b === 'o' ? '01234567_' : '01_';
    i += 2;
  }
  while (isDigitIn(at(i), digits)) i++;
  const floating = digits === DECIMAL || digits === HEX;
  if (floating && at(i) === '.') {
    i++;
    while (isDigitIn(at(i), digits)) i++;
  }
  const expMark = digits === HEX ? 'pP' : 'eE';
  if (floating && at(i) !== '' && expMark.includes(at(i))) {
    i++;
    if (at(i) === '+' || at(i) === '-') i++;
    while (isDigitIn(at(i), DECIMAL)) i++;
  }
  const text = src.slice(p, i);
  checkNotComplex(src, p, i);
  const value = numberValue(text);
  const nextCode = src.charCodeAt(i);
  const alnumNext = nextCode === 95 || (nextCode >= 48 && nextCode <= 57) || ((nextCode | 32) >= 97 && (nextCode | 32) <= 122);
  if (value === undefined || alnumNext) {
    throw new TemplateError(`bad number syntax: ${JSON.stringify(src.slice(p, i + (alnumNext ? 1 : 0)))}`, src, p);
  }
  checkRange(src, p, text, value);
  return { value, end: i };
}

const DECIMAL = '0123456789_';
const HEX = '0123456789abcdefABCDEF_';

/** `1i`, `1+2i`: Go's complex constants, which the value model has no room for. */
function checkNotComplex(src: string, p: number, end: number): void {
  let i = end;
  if (src[i] === '+' || src[i] === '-') {
    i++;
    while (i < src.length && (isDigitIn(src[i] ?? '', DECIMAL) || src[i] === '.' || src[i] === 'e')) i++;
  }
  if (src[i] === 'i' && !/[\p{L}\p{N}_]/u.test(src[i + 1] ?? '')) {
    throw new TemplateError(`complex number literals are not supported: ${JSON.stringify(src.slice(p, i + 1))}`, src, p);
  }
}

/** Numbers must survive as doubles: no infinities, no integers a double cannot hold exactly. */
function checkRange(src: string, p: number, text: string, value: number): void {
  if (!Number.isFinite(value)) throw new TemplateError(`number out of range: ${JSON.stringify(text)}`, src, p);
  const integerSyntax = /^[+-]?(0[xXoObB])?[0-9a-fA-F_]+$/.test(text) && !/^[+-]?[0-9_]*[eE]/.test(text);
  if (integerSyntax && !Number.isSafeInteger(value)) {
    throw new TemplateError(`integer literal ${text} is beyond ±2^53, which templates cannot hold exactly; write it as a string or a float (${text}.0)`, src, p);
  }
}

function numberValue(text: string): number | undefined {
  if (/^[0-9]{1,15}$/.test(text) && (text.length === 1 || text[0] !== '0')) return Number(text);
  const negative = text.startsWith('-');
  let body = text.replace(/^[+-]/, '').replaceAll('_', '');
  if (body === '' || body === '.') return undefined;
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const n = /^0[xX].*[pP]/.test(body) ? hexFloat(body) : Number(body);
  if (Number.isNaN(n)) return undefined;
  return negative ? -n : n;
}

/** `0x1.8p1`: hex mantissa times a power of two. */
function hexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(body);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return NaN;
  const frac = m[2] ?? '';
  const mantissa = parseInt(`${m[1] || '0'}${frac}`, 16);
  return mantissa * 2 ** (Number(m[3]) - 4 * frac.length);
}
