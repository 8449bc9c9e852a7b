// Sprig functions for defaults, collections, JSON, numbers and time. Arithmetic follows
// Sprig: operands are converted to integers first (`add "2" 3.9` is 5).

import { strval, toFloat, toInt } from './args.js';
import { FuncError } from './errors.js';
import type { FuncDef } from './func-def.js';
import { fn } from './func-def.js';
import { isDict, isNil, toJson, truthy, typeName } from './values.js';

/** Sprig `default DEFAULT VALUE`: VALUE unless it is missing or empty. */
function dflt(args: readonly unknown[]): unknown {
  const [d, given] = args;
  return args.length < 2 || !truthy(given) ? d : given;
}

/** Sprig `dict k1 v1 k2 v2 …`: keys become strings; a trailing key without value maps to "". */
function dict(args: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) out[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
  return out;
}

/** Sprig `fromJson`: the parsed value, or nil when the text is not JSON. */
function fromJson(v: unknown): unknown {
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

function divide(a: unknown, b: unknown, op: 'div' | 'mod'): number {
  const d = toInt(b);
  if (d === 0) throw new FuncError('integer divide by zero');
  const n = toInt(a);
  return op === 'div' ? Math.trunc(n / d) : n % d;
}

const ints = (args: readonly unknown[]): number[] => args.map(toInt);

/** Go's reflect kind name of a value, as Sprig's kindOf reports it. */
function kindOf(v: unknown): string {
  if (isNil(v)) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (isDict(v)) return 'map';
  return typeName(v);
}

/** Sprig round: half away from zero at `places` decimals. */
function round(v: unknown, places: unknown): number {
  const p = 10 ** toInt(places);
  const x = toFloat(v) * p;
  return (x < 0 ? -Math.round(-x) : Math.round(x)) / p;
}

export const DATA_FUNCS: Record<string, FuncDef> = {
  default: fn(1, 2, 'default DEFAULT VALUE', dflt),
  empty: fn(1, 1, 'empty VALUE', ([v]) => !truthy(v)),
  coalesce: fn(0, Infinity, 'coalesce VALUE …', (args) => args.find(truthy)),
  ternary: fn(3, 3, 'ternary IF_TRUE IF_FALSE CONDITION', ([a, b, c]) => (truthy(c) ? a : b)),
  list: fn(0, Infinity, 'list VALUE …', (args) => [...args]),
  dict: fn(0, Infinity, 'dict KEY VALUE …', dict),
  toJson: fn(1, 1, 'toJson VALUE', ([v]) => toJson(v)),
  toJSON: fn(1, 1, 'toJSON VALUE', ([v]) => toJson(v)),
  fromJson: fn(1, 1, 'fromJson STRING', ([v]) => fromJson(v)),
  fromJSON: fn(1, 1, 'fromJSON STRING', ([v]) => fromJson(v)),
  int: fn(1, 1, 'int VALUE', ([v]) => toInt(v)),
  int64: fn(1, 1, 'int64 VALUE', ([v]) => toInt(v)),
  float64: fn(1, 1, 'float64 VALUE', ([v]) => toFloat(v)),
  typeOf: fn(1, 1, 'typeOf VALUE', ([v]) => typeName(v)),
  typeIs: fn(2, 2, 'typeIs TYPE VALUE', ([t, v]) => typeName(v) === t),
  kindOf: fn(1, 1, 'kindOf VALUE', ([v]) => kindOf(v)),
  kindIs: fn(2, 2, 'kindIs KIND VALUE', ([k, v]) => kindOf(v) === k),
  atoi: fn(1, 1, 'atoi STRING', ([v]) => toInt(v)),
  floor: fn(1, 1, 'floor NUMBER', ([v]) => Math.floor(toFloat(v))),
  ceil: fn(1, 1, 'ceil NUMBER', ([v]) => Math.ceil(toFloat(v))),
  round: fn(2, 2, 'round NUMBER PLACES', ([v, p]) => round(v, p)),
  add1: fn(1, 1, 'add1 NUMBER', ([v]) => toInt(v) + 1),
  add: fn(1, Infinity, 'add A B …', (args) => ints(args).reduce((s, n) => s + n, 0)),
  sub: fn(2, 2, 'sub A B', ([a, b]) => toInt(a) - toInt(b)),
  mul: fn(1, Infinity, 'mul A B …', (args) => ints(args).reduce((s, n) => s * n, 1)),
  div: fn(2, 2, 'div A B', ([a, b]) => divide(a, b, 'div')),
  mod: fn(2, 2, 'mod A B', ([a, b]) => divide(a, b, 'mod')),
  max: fn(1, Infinity, 'max A B …', (args) => Math.max(...ints(args))),
  min: fn(1, Infinity, 'min A B …', (args) => Math.min(...ints(args))),
  now: fn(0, 0, 'now', (_args, env) => env.now().toISOString()),
};
