import { describe, expect, it } from 'vitest';
import { compileJsonSchema, MAX_CACHED_SCHEMAS } from './json-schema.js';
import { RegexError } from './regex.js';

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

describe('JSON Schema patterns run on the RE2 engine', () => {
  it('checks pattern and patternProperties in the RE2 dialect', () => {
    const check = compileJsonSchema({
      type: 'object',
      properties: { id: { type: 'string', pattern: '(?i)\\Aid-\\pL+\\z' }, code: { type: 'string', pattern: '^[[:digit:]]{3}$' } },
      patternProperties: { '^x-(?P<name>[a-z]+)$': { type: 'number' } },
    });
    expect(check({ id: 'ID-été', code: '123', 'x-size': 3 })).toEqual([]);
    expect(check({ id: 'id-1', code: '12', 'x-size': 'big' })).toEqual([
      '/id: must match pattern "(?i)\\Aid-\\pL+\\z"',
      '/code: must match pattern "^[[:digit:]]{3}$"',
      '/x-size: must be number',
    ]);
  });

  it('keeps patterns of one schema apart', () => {
    const check = compileJsonSchema({ type: 'object', properties: { a: { pattern: '^a+$' }, b: { pattern: '^b+$' } } });
    expect(check({ a: 'aa', b: 'bb' })).toEqual([]);
    expect(check({ a: 'bb', b: 'aa' })).toHaveLength(2);
  });

  it('checks format "regex" in the same dialect', () => {
    const check = compileJsonSchema({ type: 'string', format: 'regex' });
    expect(check('(?P<year>\\d{4})')).toEqual([]);
    expect(check('a(?=b)')).toEqual(['/: must match format "regex"']);
  });

  it('refuses a pattern RE2 rejects, keeping the regex error as the cause', () => {
    let error: unknown;
    try {
      compileJsonSchema({ type: 'string', pattern: '(\\w)\\1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('invalid JSON Schema: invalid regular expression `(\\w)\\1`: invalid escape sequence: `\\1`');
    expect((error as Error).cause).toBeInstanceOf(RegexError);
  });

  it('returns at once on a pattern that makes a backtracking engine hang', () => {
    // JavaScript's RegExp needs seconds for this on 30 characters; the bound is generous
    // so a loaded machine cannot make it flaky (`npm run bench` reports the figure).
    const check = compileJsonSchema({ type: 'string', pattern: '^(a+)+$' });
    const start = performance.now();
    expect(check(`${'a'.repeat(100_000)}!`)).toEqual(['/: must match pattern "^(a+)+$"']);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
