// minimalInstance(schema): the smallest plausible JSON value satisfying a JSON Schema, so
// the mock provider can answer steps that declare an outputSchema. Rules, in order:
// $ref (local "#/..." pointers: definitions, $defs), const, enum (first value), allOf
// (merged), anyOf/oneOf (first option compatible with the surrounding type; a oneOf
// whose minimal instance also matches a later option is not detected), then by type:
// object (required properties only, then optional ones up to minProperties), array
// (minItems items; tuple forms), string (see mock-string.ts), number/integer (0 when
// allowed, else the nearest bound, rounded up to multipleOf), boolean (false), null.
// A type list picks its first non-null type. Never throws; unsupported keywords
// (uniqueItems, contains, dependencies, if/then/else) are ignored.
import { minimalString } from './mock-string.js';
import type { JsonSchema } from './types.js';

const MAX_DEPTH = 32;

export function minimalInstance(schema: JsonSchema): unknown {
  return build(schema, schema, 0);
}

function build(node: unknown, root: JsonSchema, depth: number): unknown {
  if (!isSchema(node) || depth > MAX_DEPTH) return null;
  if (typeof node.$ref === 'string') {
    const { $ref, ...rest } = node;
    return build(mergeSchemas(resolveRef(root, $ref), rest), root, depth + 1);
  }
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (Array.isArray(node.allOf)) {
    const { allOf, ...rest } = node;
    return build(allOf.filter(isSchema).reduce(mergeSchemas, rest), root, depth + 1);
  }
  const options = node.anyOf ?? node.oneOf;
  if (Array.isArray(options)) {
    const { anyOf: _a, oneOf: _o, ...rest } = node;
    const viable = options.filter(isSchema).map((option) => mergeSchemas(rest, option)).find((s) => typesOf(s)?.length !== 0);
    return build(viable ?? rest, root, depth + 1);
  }
  return byType(node, root, depth);
}

function byType(node: JsonSchema, root: JsonSchema, depth: number): unknown {
  switch (pickType(node)) {
    case 'object':
      return buildObject(node, root, depth);
    case 'array':
      return buildArray(node, root, depth);
    case 'string':
      return minimalString(node);
    case 'integer':
      return minimalNumber(node, true);
    case 'number':
      return minimalNumber(node, false);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function pickType(node: JsonSchema): string | undefined {
  const types = typesOf(node);
  if (types) return types.find((t) => t !== 'null') ?? types[0];
  if (isSchema(node.properties) || Array.isArray(node.required)) return 'object';
  if ('items' in node || 'minItems' in node || 'prefixItems' in node) return 'array';
  if ('minLength' in node || 'pattern' in node || 'format' in node) return 'string';
  if ('minimum' in node || 'maximum' in node || 'exclusiveMinimum' in node) return 'number';
  return undefined;
}

function buildObject(node: JsonSchema, root: JsonSchema, depth: number): Record<string, unknown> {
  const properties = isSchema(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required.filter((k) => typeof k === 'string') : [];
  const extra = isSchema(node.additionalProperties) ? node.additionalProperties : {};
  const minProperties = typeof node.minProperties === 'number' ? node.minProperties : 0;
  const keys = [...new Set(required)];
  for (const key of Object.keys(properties)) if (keys.length < minProperties && !keys.includes(key)) keys.push(key);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = build(properties[key] ?? extra, root, depth + 1);
  return out;
}

function buildArray(node: JsonSchema, root: JsonSchema, depth: number): unknown[] {
  const tuple = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : [];
  const rest = isSchema(node.items) ? node.items : isSchema(node.additionalItems) ? node.additionalItems : {};
  const count = typeof node.minItems === 'number' ? node.minItems : 0;
  return Array.from({ length: count }, (_, i) => build(tuple[i] ?? rest, root, depth + 1));
}

function minimalNumber(node: JsonSchema, integer: boolean): number {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  // Draft-04 spells exclusive bounds as booleans next to minimum/maximum.
  const lo = num(node.exclusiveMinimum) ?? num(node.minimum) ?? -Infinity;
  const hi = num(node.exclusiveMaximum) ?? num(node.maximum) ?? Infinity;
  const loEx = typeof node.exclusiveMinimum === 'number' || node.exclusiveMinimum === true;
  const hiEx = typeof node.exclusiveMaximum === 'number' || node.exclusiveMaximum === true;
  const above = (x: number) => (loEx ? x > lo : x >= lo);
  const below = (x: number) => (hiEx ? x < hi : x <= hi);
  let value = 0;
  if (!(above(0) && below(0))) {
    if (Number.isFinite(lo)) value = integer ? (loEx ? Math.floor(lo) + 1 : Math.ceil(lo)) : loEx ? (Number.isFinite(hi) ? (lo + hi) / 2 : lo + 1) : lo;
    else value = integer ? (hiEx ? Math.ceil(hi) - 1 : Math.floor(hi)) : hiEx ? hi - 1 : hi;
  }
  const step = num(node.multipleOf);
  if (step && step > 0 && value % step !== 0) {
    const up = Math.ceil(value / step) * step;
    value = below(up) ? up : Math.floor(value / step) * step;
  }
  return value;
}

/** Shallow merge for allOf: properties merge per key, required unions, type lists intersect. */
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...a, ...b };
  if (isSchema(a.properties) && isSchema(b.properties)) {
    const props: JsonSchema = { ...a.properties };
    for (const [key, value] of Object.entries(b.properties)) props[key] = key in props ? { allOf: [props[key], value] } : value;
    out.properties = props;
  }
  if (Array.isArray(a.required) && Array.isArray(b.required)) out.required = [...new Set([...a.required, ...b.required])];
  const ta = typesOf(a);
  const tb = typesOf(b);
  if (ta && tb) out.type = intersectTypes(ta, tb);
  return out;
}

function intersectTypes(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const t of a) {
    if (b.includes(t)) out.push(t);
    else if (t === 'integer' && b.includes('number')) out.push('integer');
    else if (t === 'number' && b.includes('integer')) out.push('integer');
  }
  return out;
}

function typesOf(node: JsonSchema): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((t) => typeof t === 'string');
  return undefined;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : {};
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
