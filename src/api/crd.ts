// Turns the zod schemas into CustomResourceDefinitions. zod emits JSON Schema 2020-12;
// Kubernetes wants a *structural* OpenAPI v3 schema, so the output is post-processed:
// no additionalProperties:false, no unions, opaque fields marked preserve-unknown.
import { z } from 'zod';
import { GROUP, VERSION } from './common.js';
import type { KindInfo } from './resources.js';

type Schema = Record<string, unknown>;
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const DROPPED_KEYS = new Set(['$schema', 'propertyNames', 'additionalProperties', 'id']);

export function buildCrd(info: KindInfo): Schema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${info.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: {
        kind: info.kind, listKind: `${info.kind}List`, plural: info.plural, singular: info.singular,
        shortNames: info.shortNames, categories: ['ark'],
      },
      scope: 'Namespaced',
      versions: [{
        name: VERSION,
        served: true,
        storage: true,
        schema: { openAPIV3Schema: rootSchema(info) },
        subresources: info.scale ? { status: {}, scale: info.scale } : { status: {} },
        additionalPrinterColumns: info.printerColumns,
      }],
    },
  };
}

function rootSchema(info: KindInfo): Schema {
  return {
    type: 'object',
    description: info.description,
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion of this object: arkonis.dev/v1alpha1.' },
      kind: { type: 'string', description: `Kind of this object: ${info.kind}.` },
      metadata: { type: 'object' },
      spec: toStructural(z.toJSONSchema(info.spec, { io: 'input', unrepresentable: 'throw' })),
      status: toStructural(z.toJSONSchema(info.status, { io: 'input', unrepresentable: 'throw' })),
    },
    required: ['spec'],
  };
}

/** Rewrites one JSON Schema node (recursively) into its structural equivalent. */
export function toStructural(node: Schema): Schema {
  if (node[PRESERVE] === true) return opaque(node);
  if (node.anyOf || node.oneOf || node.allOf || node.$ref || node.not) {
    throw new Error(`schema construct not allowed in a CRD (mark the field opaque): ${JSON.stringify(node).slice(0, 200)}`);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'properties') out.properties = mapValues(value as Record<string, Schema>, toStructural);
    else if (key === 'items') out.items = toStructural(value as Schema);
    else if (key === 'const') out.enum = [value];
    else if (key === 'minimum' || key === 'maximum') {
      if (Math.abs(value as number) < Number.MAX_SAFE_INTEGER) out[key] = value;
    } else out[key] = value;
  }
  const extra = node.additionalProperties;
  if (extra && typeof extra === 'object') {
    if (Object.keys(extra).length === 0) out[PRESERVE] = true;
    else out.additionalProperties = toStructural(extra as Schema);
  }
  return out;
}

/** An opaque node: stored as written; keeps `type: object` only when it is always an object. */
function opaque(node: Schema): Schema {
  const out: Schema = { [PRESERVE]: true };
  if (node.type === 'object' || node.type === 'array') out.type = node.type;
  if (node.type === 'array') out.items = { type: 'object', [PRESERVE]: true };
  if (typeof node.description === 'string') out.description = node.description;
  return out;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}
