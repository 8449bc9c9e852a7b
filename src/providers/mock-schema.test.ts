import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { minimalInstance } from './mock-schema.js';
import { generate, minimalString } from './mock-string.js';
import type { JsonSchema } from './types.js';

const draft07 = new Ajv({ strict: false });
const draft2020 = new Ajv2020({ strict: false });
addFormatsModule.default(draft07);
addFormatsModule.default(draft2020);

function expectValid(schema: JsonSchema, ajv: Ajv | Ajv2020 = draft07): unknown {
  const instance = minimalInstance(schema);
  const validate = ajv.compile(schema);
  expect(validate(instance), `${JSON.stringify(instance)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return instance;
}

const SCHEMAS: Record<string, JsonSchema> = {
  'object with required': { type: 'object', required: ['summary', 'score'], properties: { summary: { type: 'string', minLength: 3 }, score: { type: 'number', minimum: 1, maximum: 10 }, extra: { type: 'string' } } },
  'nested arrays': { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 2, items: { type: 'object', required: ['id'], properties: { id: { type: 'integer', exclusiveMinimum: 0 } } } } } },
  enum: { type: 'string', enum: ['high', 'low'] },
  const: { const: 'fixed' },
  'integer bounds': { type: 'integer', minimum: 5, maximum: 9, multipleOf: 3 },
  'exclusive number': { type: 'number', exclusiveMinimum: 2, exclusiveMaximum: 3 },
  'negative maximum': { type: 'integer', maximum: -4 },
  'string bounds': { type: 'string', minLength: 5, maxLength: 6 },
  'pattern slug': { type: 'string', pattern: '^[a-z]+-[0-9]{3}$' },
  'pattern alternation': { type: 'string', pattern: '^(?:yes|no)$' },
  'pattern semver': { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
  formats: { type: 'object', required: ['at', 'mail', 'link', 'id'], properties: { at: { type: 'string', format: 'date-time' }, mail: { type: 'string', format: 'email' }, link: { type: 'string', format: 'uri' }, id: { type: 'string', format: 'uuid' } } },
  boolean: { type: 'boolean' },
  null: { type: 'null' },
  'nullable type list': { type: ['string', 'null'], minLength: 2 },
  anyOf: { anyOf: [{ type: 'string', minLength: 2 }, { type: 'number' }] },
  'oneOf with parent type': { type: 'object', oneOf: [{ type: 'string' }, { required: ['kind'], properties: { kind: { const: 'a' } } }] },
  allOf: { allOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { required: ['b'], properties: { b: { type: 'integer', minimum: 3 } } }] },
  'definitions $ref': { definitions: { point: { type: 'object', required: ['x'], properties: { x: { type: 'number', minimum: 1 } } } }, type: 'array', minItems: 1, items: { $ref: '#/definitions/point' } },
  'recursive $ref': { definitions: { node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } } } }, $ref: '#/definitions/node' },
  minProperties: { type: 'object', minProperties: 1, properties: { a: { type: 'boolean' } } },
  'untyped object': { required: ['x'], properties: { x: { minimum: 2 } } },
};

describe('minimalInstance', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`satisfies ${name}`, () => {
      expectValid(schema);
    });
  }

  it('satisfies 2020-12 $defs and prefixItems', () => {
    const schema = { $defs: { tag: { type: 'string', minLength: 1 } }, type: 'array', prefixItems: [{ $ref: '#/$defs/tag' }, { type: 'integer' }], minItems: 2 };
    expect(expectValid(schema, draft2020)).toEqual(['a', 0]);
  });

  it('is minimal: only required properties, first enum value, zero when allowed', () => {
    expect(minimalInstance({ type: 'object', required: ['a'], properties: { a: { enum: [2, 1] }, b: { type: 'string' } } })).toEqual({ a: 2 });
    expect(minimalInstance({ type: 'number' })).toBe(0);
    expect(minimalInstance({ type: 'array' })).toEqual([]);
  });
});

describe('minimalString', () => {
  it('generates from common pattern constructs', () => {
    expect(generate('^[A-Z]{2}\\d{3}$')).toBe('AA000');
    expect(generate('^(foo|bar)+baz?$')).toBe('fooba');
  });

  it('falls back to a run of "a" when no candidate fits the pattern', () => {
    expect(minimalString({ type: 'string', pattern: '(?=x)y', minLength: 3 })).toBe('aaa');
  });
});
