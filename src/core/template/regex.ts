// `regexMatch` patterns: the same RE2 / Go dialect as `validate.contains`, translated by
// src/core/regex.ts so a pattern means one thing wherever a team author writes it.
// Patterns come from team authors, not from run data; JavaScript's engine backtracks, so a
// pathological pattern is slow here where RE2 would not be.

import { LruCache } from '../cache.js';
import { compileRegex } from '../regex.js';
import { FuncError } from './errors.js';

/** Compiled patterns by source. The RegExps carry no `g` flag, so `test` keeps no state. */
const compiled = new LruCache<string, RegExp>(200);

/** Compiles (or reuses) an RE2 pattern; an invalid one is a FuncError quoting the pattern. */
export function goRegExp(pattern: string): RegExp {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let re: RegExp;
  try {
    re = compileRegex(pattern);
  } catch (e) {
    throw new FuncError((e as Error).message, { cause: e });
  }
  compiled.set(pattern, re);
  return re;
}
