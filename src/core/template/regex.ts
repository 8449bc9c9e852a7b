// Go (RE2) regular expressions on JavaScript's engine. RE2 syntax is largely a subset of
// JavaScript's; the leading flag group `(?i)`, `(?s)`, `(?m)` is translated into flags.
// Patterns come from team authors, not from run data; JavaScript's engine backtracks, so a
// pathological pattern is slow here where RE2 would not be.

import { FuncError } from './errors.js';
import { LruCache } from '../cache.js';

const compiled = new LruCache<string, RegExp>(200);

export function goRegExp(pattern: string): RegExp {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let flags = '';
  let body = pattern;
  const m = /^\(\?([imsU]+)\)/.exec(pattern);
  if (m?.[1] && !m[1].includes('U')) {
    flags = [...new Set(m[1])].join('');
    body = pattern.slice(m[0].length);
  }
  let re: RegExp;
  try {
    re = new RegExp(body, flags);
  } catch (e) {
    throw new FuncError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  compiled.set(pattern, re);
  return re;
}
