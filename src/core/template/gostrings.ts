// Go's strings package rules where JavaScript's differ: case mapping is per code point with
// Unicode's simple mappings (so "ß" and "ﬁ" keep their case, "İ" lowers to "i", "Σ" is
// always "σ"), strings.Title title-cases digraphs ("ǆ" → "ǅ"), whitespace is unicode.IsSpace
// (U+0085 and U+00A0 yes, U+FEFF no), and an empty search string splits between characters,
// never inside a surrogate pair.

import { isAscii } from './values.js';

/** One code point mapped by `full`, kept when the full mapping would change its length. */
function simple(ch: string, full: (s: string) => string): string {
  const mapped = full(ch);
  return mapped.length === ch.length || Array.from(mapped).length === 1 ? mapped : ch;
}

const upper = (s: string): string => s.toUpperCase();
const lower = (s: string): string => s.toLowerCase();

/** Where Unicode's simple lowercase differs from JavaScript's full one. */
const LOWER_SPECIAL: Record<string, string> = { '\u0130': 'i' };

/** Title case of the Latin digraphs, which differs from their upper case. */
const TITLE_SPECIAL: Record<string, string> = {
  '\u01c4': '\u01c5', '\u01c5': '\u01c5', '\u01c6': '\u01c5', '\u01c7': '\u01c8', '\u01c8': '\u01c8', '\u01c9': '\u01c8',
  '\u01ca': '\u01cb', '\u01cb': '\u01cb', '\u01cc': '\u01cb', '\u01f1': '\u01f2', '\u01f2': '\u01f2', '\u01f3': '\u01f2',
};

export function goToUpper(s: string): string {
  if (isAscii(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) out += simple(ch, upper);
  return out;
}

export function goToLower(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += LOWER_SPECIAL[ch] ?? simple(ch, lower);
  return out;
}

function goToTitle(ch: string): string {
  return TITLE_SPECIAL[ch] ?? simple(ch, upper);
}

/** Go's unicode.IsSpace. */
export function isGoSpace(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  if (c <= 0xff) return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** strings.Title: upper-cases (title-cases) the first letter of each word. */
export function goTitle(s: string): string {
  let out = '';
  let prevSep = true;
  for (const ch of s) {
    out += prevSep ? goToTitle(ch) : ch;
    prevSep = isSeparator(ch);
  }
  return out;
}

/** strings.Title's word boundary: ASCII other than letters, digits and '_'; Unicode spaces. */
function isSeparator(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
  if (/[\p{L}\p{N}]/u.test(ch)) return false;
  return isGoSpace(ch);
}

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && isGoSpace(chars[start] ?? '')) start++;
  while (end > start && isGoSpace(chars[end - 1] ?? '')) end--;
  return start === 0 && end === chars.length ? s : chars.slice(start, end).join('');
}

/** strings.ReplaceAll; an empty `old` inserts `repl` around every character. */
export function goReplaceAll(s: string, old: string, repl: string): string {
  if (old !== '') return s.replaceAll(old, () => repl);
  return `${repl}${Array.from(s).join(repl)}${s === '' ? '' : repl}`;
}
