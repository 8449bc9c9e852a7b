import { describe, expect, it } from 'vitest';
import { compileJsonSchema, MAX_CACHED_SCHEMAS } from './json-schema.js';

describe('compileJsonSchema', () => {
  const confidence = '{"type": "object", "properties": {"confidence": {"type": "number", "maximum": 1}}, "required": ["confidence"]}';

  it('validates data against schema text, reporting every problem with its JSON pointer', () => {
    const check = compileJsonSchema(confidence);
    expect(check({ confidence: 0.9 })).toEqual([]);
    expect(check({ confidence: 1.5 })).toEqual(['/confidence: must be <= 1']);
    expect(check({})).toEqual(["/: must have required property 'confidence'"]);
  });

  it('accepts schema objects and names extra properties and enum values', () => {
    const check = compileJsonSchema({ type: 'object', additionalProperties: false, properties: { mode: { enum: ['a', 'b'] } } });
    expect(check({ mode: 'c', other: 1 })).toEqual([
      '/: must NOT have additional properties "other"',
      '/mode: must be equal to one of the allowed values (a, b)',
    ]);
  });

  it('knows string formats', () => {
    const check = compileJsonSchema({ type: 'string', format: 'email' });
    expect(check('a@example.com')).toEqual([]);
    expect(check('nope')).toEqual(['/: must match format "email"']);
  });

  it('throws clear errors for bad JSON text and invalid schemas', () => {
    expect(() => compileJsonSchema('{"type": ')).toThrow(/^JSON Schema is not valid JSON: /);
    expect(() => compileJsonSchema('"text"')).toThrow('JSON Schema must be an object (or true/false)');
    expect(() => compileJsonSchema('{"type": "nope"}')).toThrow(
      'invalid JSON Schema: /type: must be equal to one of the allowed values (array, boolean, integer, null, number, object, string)');
    expect(() => compileJsonSchema({ minimum: 'x' })).toThrow('invalid JSON Schema: /minimum: must be number');
  });

  it('recompiles a schema with an $id after the bounded cache evicted it', () => {
    const withId = { $id: 'https://example.com/s.json', type: 'integer' };
    expect(compileJsonSchema(withId)(1)).toEqual([]);
    for (let i = 0; i < MAX_CACHED_SCHEMAS + 10; i++) compileJsonSchema({ type: 'integer', maximum: i });
    expect(compileJsonSchema(withId)('x')).toEqual(['/: must be integer']);
  });
});

describe('schemas sharing an $id', () => {
  it('compile independently', () => {
    const a = compileJsonSchema({ $id: 'https://example.com/shared.json', type: 'string' });
    const b = compileJsonSchema({ $id: 'https://example.com/shared.json', type: 'number', definitions: { n: { minimum: 0 } } });
    expect(a('x')).toEqual([]);
    expect(b(1)).toEqual([]);
    expect(b('x')).toEqual(['/: must be number']);
  });

  it('resolve local $refs', () => {
    const check = compileJsonSchema({ $id: 'https://example.com/r.json', $defs: { pos: { type: 'integer', minimum: 1 } }, properties: { n: { $ref: '#/$defs/pos' } } });
    expect(check({ n: 0 })).toEqual(['/n: must be >= 1']);
  });
});
