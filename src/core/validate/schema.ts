// Schema check: apiVersion and kind first, then the kind's zod schema. Unknown fields are
// warnings (ARKONIS YAML may carry fields we do not model): the value is the one zod built
// without them, with defaults applied, from the same single parse.
import { z } from 'zod';
import { API_VERSION, documentSchema, isKindName, KIND_NAMES } from '../../api/index.js';
import type { ArkDocument, KindName } from '../../api/index.js';
import { fieldError, hasErrors, useOneOf } from '../issues.js';
import type { FieldIssue } from '../issues.js';
import { describeValue, toFieldIssues } from './schema-messages.js';

/** Any of our documents, discriminated by `kind`. */
export type AnyArkDocument = { [K in KindName]: ArkDocument<K> }[KindName];

export interface SchemaCheck {
  kind?: KindName;
  /** The parsed document with zod defaults; present when there are no errors. */
  value?: AnyArkDocument;
  issues: FieldIssue[];
}

export interface SchemaOptions {
  /** Report unknown fields as errors instead of warnings. */
  strict?: boolean;
}

export function checkSchema(doc: unknown, options: SchemaOptions = {}): SchemaCheck {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { issues: [fieldError('', `expected a resource with apiVersion, kind, metadata and spec, got ${describeValue(doc)}`)] };
  }
  const { apiVersion, kind } = doc as { apiVersion?: unknown; kind?: unknown };
  if (!isKindName(kind)) return { issues: [kindIssue(kind)] };
  if (apiVersion !== API_VERSION) {
    const given = apiVersion === undefined ? 'required' : `${describeValue(apiVersion)} is not supported`;
    return { kind, issues: [fieldError('apiVersion', given, `use ${API_VERSION}`)] };
  }
  const schema = documentSchema(kind) as z.ZodType;
  const parsed = parseKeepingValue(schema, doc);
  if (parsed.issues.length === 0) return { kind, value: parsed.value as AnyArkDocument, issues: [] };
  const ctx = { root: schema, doc, strict: options.strict === true };
  const issues = parsed.issues.flatMap((issue) => toFieldIssues(issue, ctx));
  if (hasErrors(issues) || !parsed.issues.every((issue) => issue.code === 'unrecognized_keys')) return { kind, issues };
  return { kind, value: parsed.value as AnyArkDocument, issues };
}

/**
 * zod's value and issues from one parse. A strict object leaves unknown keys out of the
 * value it builds and goes on parsing, so when they are the only issues the value is the
 * one a parse of a stripped copy would give; safeParse throws it away, and a second parse
 * of a large team would double the memory of a file with one unknown field. This is
 * safeParse's own first step (zod's parse internals) and its issue finalisation.
 */
function parseKeepingValue(schema: z.ZodType, doc: unknown): { value: unknown; issues: z.core.$ZodIssue[] } {
  const result = schema._zod.run({ value: doc, issues: [] }, { async: false });
  if (result instanceof Promise) throw new z.core.$ZodAsyncError();
  const config = z.core.config();
  return { value: result.value, issues: result.issues.map((issue) => z.core.util.finalizeIssue(issue, {}, config)) };
}

function kindIssue(kind: unknown): FieldIssue {
  const supported = `supported kinds: ${KIND_NAMES.join(', ')}`;
  if (kind === undefined) return fieldError('kind', 'required', `set kind to one of ${KIND_NAMES.join(', ')}`);
  if (typeof kind !== 'string') return fieldError('kind', `${describeValue(kind)} is not a kind`, supported);
  return fieldError('kind', `"${kind}" is not an ARKONIS kind`, useOneOf(kind, KIND_NAMES));
}
