// JSON Schema checks for step outputs, validate.schema and tool inputSchema. One ajv
// instance is created on first use; compiled validators are cached by schema text in a
// bounded map, because the same few schemas are checked for every task of a step.
// `pattern`, `patternProperties` and `format: regex` use the RE2 dialect and linear-time
// engine of src/core/regex.ts, not JavaScript's backtracking RegExp: the data is model output.
import { Ajv } from 'ajv';
import type { CodeOptions, ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { LruCache } from './cache.js';
import { errorMessage } from './errors.js';
import { compileRegex } from './regex.js';

/** Returns the problems of `data` against the schema: empty means valid. */
export type JsonSchemaCheck = (data: unknown) => string[];

/** Most distinct schemas kept compiled; the oldest is dropped beyond this. */
export const MAX_CACHED_SCHEMAS = 256;

let ajv: Ajv | undefined;
const cache = new LruCache<string, ValidateFunction>(MAX_CACHED_SCHEMAS);

/**
 * ajv's hook for compiling patterns. ajv ignores the flags argument's `u` here (RE2 always reads
 * Unicode) and keys compiled patterns by toString, which is the source. `code` would be the
 * import in standalone generated code, which ARKONIS does not generate.
 */
const re2Engine: NonNullable<CodeOptions['regExp']> = Object.assign((pattern: string) => compileRegex(pattern), { code: 'compileRegex' });

function isRe2Pattern(text: string): boolean {
  try {
    compileRegex(text);
    return true;
  } catch {
    return false;
  }
}

function sharedAjv(): Ajv {
  if (ajv === undefined) {
    // addUsedSchema: false keeps schemas with an $id out of ajv's registry, so recompiling one
    // after cache eviction (or two schemas sharing an $id) cannot clash.
    ajv = new Ajv({ strict: false, allErrors: true, addUsedSchema: false, code: { regExp: re2Engine } });
    // ajv-formats is CommonJS; under NodeNext its default import is the module object.
    addFormatsModule.default(ajv);
    // The meta-schema checks `pattern` with format "regex": the same dialect as the engine.
    ajv.addFormat('regex', isRe2Pattern);
  }
  return ajv;
}

/**
 * Compiles a JSON Schema given as an object or as JSON text (as ARKONIS YAML writes it).
 * Throws an Error for JSON text that does not parse or for a schema ajv rejects.
 */
export function compileJsonSchema(schema: string | object): JsonSchemaCheck {
  const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
  const validate = cachedValidator(text);
  return (data) => (validate(data) ? [] : describeErrors(validate.errors ?? []));
}

function cachedValidator(text: string): ValidateFunction {
  let validate = cache.get(text);
  if (validate === undefined) cache.set(text, (validate = compileText(text)));
  return validate;
}

/**
 * A schema written as an object or as JSON text, as a schema value; throws an Error naming
 * the problem when the text is not JSON or the value cannot be a schema.
 */
export function parseJsonSchema(schema: string | object): Record<string, unknown> | boolean {
  let parsed: unknown = schema;
  if (typeof schema === 'string') {
    try {
      parsed = JSON.parse(schema);
    } catch (err) {
      const reason = errorMessage(err);
      throw new Error(`JSON Schema is not valid JSON: ${reason}`, { cause: err });
    }
  }
  if (typeof parsed === 'boolean') return parsed;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('JSON Schema must be an object (or true/false)');
  }
  return parsed as Record<string, unknown>;
}

function compileText(text: string): ValidateFunction {
  const schema = parseJsonSchema(text);
  const instance = sharedAjv();
  if (instance.validateSchema(schema) !== true) {
    // The first error is the precise one; the rest restate it for the other anyOf branches.
    throw new Error(`invalid JSON Schema: ${describeErrors(instance.errors ?? []).slice(0, 1).join('')}`);
  }
  try {
    return instance.compile(schema);
  } catch (err) {
    const reason = errorMessage(err);
    throw new Error(`invalid JSON Schema: ${reason}`, { cause: err });
  }
}

/** `/confidence: must be <= 1`; the root is written as `/`. */
function describeErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((error) => {
    const where = error.instancePath === '' ? '/' : error.instancePath;
    const params = error.params as { additionalProperty?: unknown; allowedValues?: unknown };
    const extra = error.keyword === 'additionalProperties' ? ` "${String(params.additionalProperty)}"`
      : error.keyword === 'enum' && Array.isArray(params.allowedValues) ? ` (${params.allowedValues.map(String).join(', ')})`
        : '';
    return `${where}: ${error.message ?? error.keyword}${extra}`;
  });
}
