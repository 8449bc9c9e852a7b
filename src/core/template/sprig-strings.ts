// Sprig string functions. Argument order follows Sprig: the string being worked on comes
// last, so it can be piped: `{{ .x | replace "a" "b" }}`.

import { int, str, strval } from './args.js';
import { FuncError } from './errors.js';
import type { FuncDef } from './func-def.js';
import { fn } from './func-def.js';
import { goReplaceAll, goTitle, goToLower, goToUpper, goTrimSpace } from './gostrings.js';
import { cachedRegex } from './regex.js';
import { goQuote, isNil } from './values.js';

/** Sprig `split` / `splitn`: a dict with keys _0, _1, … (use splitList for a list). */
function splitDict(sep: string, s: string, n = -1): Record<string, string> {
  const out: Record<string, string> = {};
  splitList(sep, s, n).forEach((part, i) => (out[`_${i}`] = part));
  return out;
}

/** strings.SplitN: at most n parts (all when n < 0), the last holding the rest. */
function splitList(sep: string, s: string, n = -1): string[] {
  const parts = sep === '' ? Array.from(s) : s.split(sep);
  if (n < 0 || parts.length <= n) return n === 0 ? [] : parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** strings.Trim: drops leading and trailing characters that occur in `cutset`. */
function trimAll(cutset: string, s: string): string {
  const cut = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start] ?? '')) start++;
  while (end > start && cut.has(chars[end - 1] ?? '')) end--;
  return chars.slice(start, end).join('');
}

/** Sprig's strslice: a list's non-nil elements as strings; a scalar as a one-element list. */
function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  return isNil(v) ? [] : [strval(v)];
}

function indent(n: unknown, s: unknown): string {
  const width = int(n);
  if (width > 10_000) throw new FuncError(`indent of ${width} spaces: at most 10000`);
  const pad = ' '.repeat(Math.max(0, width));
  return pad + str(s).replaceAll('\n', `\n${pad}`);
}

function quoteAll(args: readonly unknown[], q: (s: string) => string): string {
  return args.filter((a) => !isNil(a)).map((a) => q(strval(a))).join(' ');
}

export const STRING_FUNCS: Record<string, FuncDef> = {
  toString: fn(1, 1, 'toString VALUE', ([v]) => strval(v)),
  upper: fn(1, 1, 'upper STRING', ([s]) => goToUpper(str(s))),
  lower: fn(1, 1, 'lower STRING', ([s]) => goToLower(str(s))),
  title: fn(1, 1, 'title STRING', ([s]) => goTitle(str(s))),
  trim: fn(1, 1, 'trim STRING', ([s]) => goTrimSpace(str(s))),
  trimSpace: fn(1, 1, 'trimSpace STRING', ([s]) => goTrimSpace(str(s))),
  trimAll: fn(2, 2, 'trimAll CUTSET STRING', ([c, s]) => trimAll(str(c), str(s))),
  trimPrefix: fn(2, 2, 'trimPrefix PREFIX STRING', ([p, s]) => {
    const [pre, v] = [str(p), str(s)];
    return pre !== '' && v.startsWith(pre) ? v.slice(pre.length) : v;
  }),
  trimSuffix: fn(2, 2, 'trimSuffix SUFFIX STRING', ([p, s]) => {
    const [suf, v] = [str(p), str(s)];
    return suf !== '' && v.endsWith(suf) ? v.slice(0, v.length - suf.length) : v;
  }),
  contains: fn(2, 2, 'contains SUBSTRING STRING', ([sub, s]) => str(s).includes(str(sub))),
  hasPrefix: fn(2, 2, 'hasPrefix PREFIX STRING', ([p, s]) => str(s).startsWith(str(p))),
  hasSuffix: fn(2, 2, 'hasSuffix SUFFIX STRING', ([p, s]) => str(s).endsWith(str(p))),
  replace: fn(3, 3, 'replace OLD NEW STRING', ([o, n, s]) => goReplaceAll(str(s), str(o), str(n))),
  split: fn(2, 2, 'split SEP STRING', ([sep, s]) => splitDict(str(sep), str(s))),
  splitn: fn(3, 3, 'splitn SEP COUNT STRING', ([sep, n, s]) => splitDict(str(sep), str(s), int(n))),
  splitList: fn(2, 2, 'splitList SEP STRING', ([sep, s]) => splitList(str(sep), str(s))),
  join: fn(2, 2, 'join SEP LIST', ([sep, list]) => strslice(list).join(str(sep))),
  quote: fn(0, Infinity, 'quote VALUE …', (args) => quoteAll(args, (s) => goQuote(s))),
  squote: fn(0, Infinity, 'squote VALUE …', (args) => quoteAll(args, (s) => `'${s}'`)),
  indent: fn(2, 2, 'indent SPACES STRING', ([n, s]) => indent(n, s)),
  nindent: fn(2, 2, 'nindent SPACES STRING', ([n, s]) => `\n${indent(n, s)}`),
  regexMatch: fn(2, 2, 'regexMatch REGEX STRING', ([re, s]) => cachedRegex(str(re)).test(str(s))),
};
