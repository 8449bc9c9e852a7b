// Sprig list and dict functions. Lists come from data (JSON arrays) or `list`; like Sprig
// they never modify their arguments and return new lists. Sprig's `slice` replaces Go's
// builtin of the same name (Sprig's function map is installed over the builtins): it slices
// lists only, takes [start [end]] and answers nil for an empty list.

import { strval, toInt } from './args.js';
import { FuncError } from './errors.js';
import type { FuncDef } from './func-def.js';
import { fn } from './func-def.js';
import { isDict, isNil, sortedKeys, toJson, truthy, typeName } from './values.js';

function list(v: unknown, name: string): readonly unknown[] {
  if (Array.isArray(v)) return v;
  const hint = isNil(v) ? ' (the value is missing)' : typeof v === 'string' && name === 'slice' ? '; for strings write "substr START END STRING"' : '';
  throw new FuncError(`${name} needs a list, got ${typeName(v)}${hint}`);
}

function dict(v: unknown, name: string): Record<string, unknown> {
  if (isDict(v)) return v;
  throw new FuncError(`${name} needs an object, got ${typeName(v)}${isNil(v) ? ' (the value is missing)' : ''}`);
}

/** reflect.DeepEqual over JSON-like values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || isNil(a) || isNil(b)) return false;
  return toJson(a) === toJson(b);
}

function uniq(l: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of l) if (!out.some((o) => deepEqual(o, v))) out.push(v);
  return out;
}

/** Sprig's slice: list[start:end] with end defaulting to the length. */
function sprigSlice(v: unknown, indices: readonly unknown[]): unknown {
  const l = list(v, 'slice');
  if (l.length === 0) return undefined;
  const start = indices.length > 0 ? toInt(indices[0]) : 0;
  const end = indices.length > 1 ? toInt(indices[1]) : l.length;
  if (start < 0 || end > l.length || start > end) throw new FuncError(`slice bounds out of range [${start}:${end}] with length ${l.length}`);
  return l.slice(start, end);
}

/** Sprig's until: 0 … n-1, counting down for negative n. */
function until(n: number): number[] {
  if (Math.abs(n) > 1e6) throw new FuncError(`until ${n}: at most 1000000 elements`);
  return Array.from({ length: Math.abs(n) }, (_, i) => (n < 0 ? -i : i));
}

/** Sprig's seq (GNU seq): `seq END`, `seq START END`, `seq START STEP END`, space-separated. */
function seq(args: readonly unknown[]): string {
  const ns = args.map(toInt);
  const [start, step, end] = ns.length === 1 ? [1, 1, ns[0] ?? 0] : ns.length === 2 ? [ns[0] ?? 0, 1, ns[1] ?? 0] : [ns[0] ?? 0, ns[1] ?? 0, ns[2] ?? 0];
  const dir = ns.length < 3 && end < start ? -1 : step;
  if (dir === 0 || Math.abs((end - start) / dir) > 1e6) return '';
  const out: number[] = [];
  for (let x = start; dir > 0 ? x <= end : x >= end; x += dir) out.push(x);
  return out.join(' ');
}

const at = (name: string, pick: (l: readonly unknown[]) => unknown): FuncDef =>
  fn(1, 1, `${name} LIST`, ([v]) => {
    const l = list(v, name);
    return l.length === 0 ? undefined : pick(l);
  });

export const LIST_FUNCS: Record<string, FuncDef> = {
  slice: fn(1, Infinity, 'slice LIST [START [END]]', ([v, ...idx]) => sprigSlice(v, idx)),
  first: at('first', (l) => l[0]),
  last: at('last', (l) => l[l.length - 1]),
  rest: at('rest', (l) => l.slice(1)),
  initial: at('initial', (l) => l.slice(0, -1)),
  append: fn(2, 2, 'append LIST VALUE', ([l, v]) => [...list(l, 'append'), v]),
  prepend: fn(2, 2, 'prepend LIST VALUE', ([l, v]) => [v, ...list(l, 'prepend')]),
  concat: fn(0, Infinity, 'concat LIST …', (ls) => ls.flatMap((l) => [...list(l, 'concat')])),
  reverse: fn(1, 1, 'reverse LIST', ([l]) => [...list(l, 'reverse')].reverse()),
  uniq: fn(1, 1, 'uniq LIST', ([l]) => uniq(list(l, 'uniq'))),
  compact: fn(1, 1, 'compact LIST', ([l]) => list(l, 'compact').filter(truthy)),
  without: fn(1, Infinity, 'without LIST VALUE …', ([l, ...omit]) => list(l, 'without').filter((v) => !omit.some((o) => deepEqual(o, v)))),
  has: fn(2, 2, 'has VALUE LIST', ([needle, l]) => (isNil(l) ? false : list(l, 'has').some((v) => deepEqual(v, needle)))),
  sortAlpha: fn(1, 1, 'sortAlpha LIST', ([l]) => (Array.isArray(l) ? l.map(strval).sort() : [strval(l)])),
  toStrings: fn(1, 1, 'toStrings LIST', ([l]) => (Array.isArray(l) ? l.map(strval) : [strval(l)])),
  until: fn(1, 1, 'until COUNT', ([n]) => until(toInt(n))),
  seq: fn(1, 3, 'seq [START [STEP]] END', seq),
  keys: fn(1, Infinity, 'keys OBJECT …', (ds) => ds.flatMap((d, i) => sortedKeys(dict(d, `keys (argument ${i + 1})`)))),
  values: fn(1, 1, 'values OBJECT', ([d]) => { const o = dict(d, 'values'); return sortedKeys(o).map((k) => o[k]); }),
  pluck: fn(1, Infinity, 'pluck KEY OBJECT …', ([k, ...ds]) => ds.flatMap((d) => (isDict(d) && Object.hasOwn(d, strval(k)) ? [d[strval(k)]] : []))),
  hasKey: fn(2, 2, 'hasKey OBJECT KEY', ([d, k]) => Object.hasOwn(dict(d, 'hasKey'), strval(k))),
  get: fn(2, 2, 'get OBJECT KEY', ([d, k]) => { const o = dict(d, 'get'); return Object.hasOwn(o, strval(k)) ? o[strval(k)] : ''; }),
};
