// Patterns of the template regex functions: the same RE2 / Go dialect and linear-time engine
// as `validate.contains` (src/core/regex.ts), so a pattern means one thing wherever a team
// author writes it and no pattern can stall a render, whatever the data it meets.

import { LruCache } from '../cache.js';
import { compileRegex, RegexError, type Regex } from '../regex.js';
import { FuncError } from './errors.js';

/** Compiled patterns by source: a template renders once per task with the same few patterns. */
const compiled = new LruCache<string, Regex>(200);

/** Compiles (or reuses) an RE2 pattern; an invalid one is a FuncError quoting the pattern and the fix. */
export function cachedRegex(pattern: string): Regex {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let re: Regex;
  try {
    re = compileRegex(pattern);
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    throw new FuncError(`${e.message}; fix: ${e.fix}`, { cause: e });
  }
  compiled.set(pattern, re);
  return re;
}
