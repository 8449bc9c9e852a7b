// Go text/template's predefined functions (call is omitted: template data holds no functions;
// slice is Sprig's, in sprig-lists.ts, because Sprig's function map replaces the builtin).

import { eq, ge, gt, le, lt, ne } from './compare.js';
import { FuncError } from './errors.js';
import { htmlEscape, jsEscape, urlQueryEscape } from './escape.js';
import type { FuncDef, LazyCall, StrictCall } from './func-def.js';
import { fn, lazyFn } from './func-def.js';
import { sprintf } from './printf.js';
import { byteLength, fmtValue, isDict, isNil, printValue, truthy, typeName, utf8Bytes } from './values.js';

/** fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += fmtValue(a);
  });
  return out;
}

/**
 * Escapers take one string as is, or several arguments joined by fmt.Sprint. A missing value
 * is "" (Go: "<no value>"), as when it is printed.
 */
function escaper(escape: (s: string) => string): StrictCall {
  return (args) => escape(args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args.map((a) => (isNil(a) ? '' : a))));
}

function toIndex(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FuncError(`cannot ${what} with ${typeName(v)} (${printValue(v)}): an integer is required`);
  return v;
}

function indexOne(item: unknown, key: unknown): unknown {
  if (isNil(item)) throw new FuncError('index of nil: the value being indexed is missing');
  if (isDict(item)) {
    if (typeof key !== 'string') throw new FuncError(`cannot index a map with ${typeName(key)}: keys are strings`);
    return Object.hasOwn(item, key) ? item[key] : undefined;
  }
  if (!Array.isArray(item) && typeof item !== 'string') throw new FuncError(`can't index item of type ${typeName(item)}`);
  const i = toIndex(key, 'index');
  const n = typeof item === 'string' ? byteLength(item) : item.length;
  if (i < 0 || i >= n) throw new FuncError(`index out of range: ${i} (length ${n})`);
  return typeof item === 'string' ? utf8Bytes(item)[i] : item[i];
}

function len(v: unknown): number {
  if (typeof v === 'string') return byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  throw new FuncError(`len of ${isNil(v) ? 'nil (the value is missing)' : `type ${typeName(v)}`}`);
}

/** `and`/`or` evaluate arguments only until one decides the result, and return that one. */
function andOr(isAnd: boolean): LazyCall {
  return (args) => {
    let last: unknown = undefined;
    for (const arg of args) {
      last = arg();
      if (truthy(last) !== isAnd) return last;
    }
    return last;
  };
}

export const BUILTINS: Record<string, FuncDef> = {
  and: lazyFn(1, Infinity, 'and A B …', andOr(true)),
  or: lazyFn(1, Infinity, 'or A B …', andOr(false)),
  not: fn(1, 1, 'not VALUE', ([a]) => !truthy(a)),
  len: fn(1, 1, 'len VALUE', ([a]) => len(a)),
  index: fn(1, Infinity, 'index COLLECTION KEY …', ([item, ...keys]) => keys.reduce(indexOne, item)),
  print: fn(0, Infinity, 'print VALUE …', (args) => sprint(args)),
  println: fn(0, Infinity, 'println VALUE …', (args) => `${args.map(fmtValue).join(' ')}\n`),
  printf: fn(1, Infinity, 'printf FORMAT VALUE …', ([format, ...rest]) => {
    if (typeof format !== 'string') throw new FuncError(`printf format must be a string, got ${typeName(format)}`);
    return sprintf(format, rest);
  }),
  eq: fn(2, Infinity, 'eq A B …', ([a, ...rest]) => eq(a, ...rest)),
  ne: fn(2, 2, 'ne A B', ([a, b]) => ne(a, b)),
  lt: fn(2, 2, 'lt A B', ([a, b]) => lt(a, b)),
  le: fn(2, 2, 'le A B', ([a, b]) => le(a, b)),
  gt: fn(2, 2, 'gt A B', ([a, b]) => gt(a, b)),
  ge: fn(2, 2, 'ge A B', ([a, b]) => ge(a, b)),
  urlquery: fn(0, Infinity, 'urlquery VALUE …', escaper(urlQueryEscape)),
  html: fn(0, Infinity, 'html VALUE …', escaper(htmlEscape)),
  js: fn(0, Infinity, 'js VALUE …', escaper(jsEscape)),
};
