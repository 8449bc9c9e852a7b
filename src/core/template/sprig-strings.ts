// Sprig string functions. Argument order follows Sprig: the string being worked on comes
// last, so it can be piped: `{{ .x | replace "a" "b" }}`.

import { int, str, strval } from './args.js';
import type { FuncDef } from './func-def.js';
import { fn } from './func-def.js';
import { cachedRegex } from './regex.js';
import { goQuote, isNil } from './values.js';

/** Go strings.Title: upper-cases letters that follow a separator (space or punctuation). */
function title(s: string): string {
  let out = '';
  let prevSep = true;
  for (const ch of s) {
    out += prevSep ? ch.toUpperCase() : ch;
    prevSep = !/[\p{L}\p{N}_]/u.test(ch);
  }
  return out;
}

/** Sprig `split`: a dict with keys _0, _1, … (use splitList for a list). */
function splitDict(sep: string, s: string): Record<string, string> {
  const out: Record<string, string> = {};
  splitList(sep, s).forEach((part, i) => (out[`_${i}`] = part));
  return out;
}

function splitList(sep: string, s: string): string[] {
  return sep === '' ? Array.from(s) : s.split(sep);
}

/** Sprig's strslice: a list's non-nil elements as strings; a scalar as a one-element list. */
function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  return isNil(v) ? [] : [strval(v)];
}

function indent(n: unknown, s: unknown): string {
  const pad = ' '.repeat(Math.max(0, int(n)));
  return pad + str(s).replaceAll('\n', `\n${pad}`);
}

function quoteAll(args: readonly unknown[], q: (s: string) => string): string {
  return args.filter((a) => !isNil(a)).map((a) => q(strval(a))).join(' ');
}

export const STRING_FUNCS: Record<string, FuncDef> = {
  toString: fn(1, 1, 'toString VALUE', ([v]) => strval(v)),
  upper: fn(1, 1, 'upper STRING', ([s]) => str(s).toUpperCase()),
  lower: fn(1, 1, 'lower STRING', ([s]) => str(s).toLowerCase()),
  title: fn(1, 1, 'title STRING', ([s]) => title(str(s))),
  trim: fn(1, 1, 'trim STRING', ([s]) => str(s).trim()),
  trimSpace: fn(1, 1, 'trimSpace STRING', ([s]) => str(s).trim()),
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
  replace: fn(3, 3, 'replace OLD NEW STRING', ([o, n, s]) => str(s).replaceAll(str(o), () => str(n))),
  split: fn(2, 2, 'split SEP STRING', ([sep, s]) => splitDict(str(sep), str(s))),
  splitList: fn(2, 2, 'splitList SEP STRING', ([sep, s]) => splitList(str(sep), str(s))),
  join: fn(2, 2, 'join SEP LIST', ([sep, list]) => strslice(list).join(str(sep))),
  quote: fn(0, Infinity, 'quote VALUE …', (args) => quoteAll(args, (s) => goQuote(s))),
  squote: fn(0, Infinity, 'squote VALUE …', (args) => quoteAll(args, (s) => `'${s}'`)),
  indent: fn(2, 2, 'indent SPACES STRING', ([n, s]) => indent(n, s)),
  nindent: fn(2, 2, 'nindent SPACES STRING', ([n, s]) => `\n${indent(n, s)}`),
  regexMatch: fn(2, 2, 'regexMatch REGEX STRING', ([re, s]) => cachedRegex(str(re)).test(str(s))),
};
