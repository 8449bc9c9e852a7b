// Schema check: apiVersion and kind first, then the kind's zod schema. Unknown fields are
// warnings (ARKONIS YAML may carry fields we do not model): they are stripped from a copy,
// which is parsed again to give the typed value with zod defaults applied.
import type { z } from 'zod';
import { API_VERSION, documentSchema, isKindName, KIND_NAMES } from '../../api/index.js';
import type { ArkDocument, KindName } from '../../api/index.js';
import { fieldError, hasErrors, useOneOf } from '../issues.js';
import type { FieldIssue, PathSegment } from '../issues.js';
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
  const first = schema.safeParse(doc);
  if (first.success) return { kind, value: first.data as AnyArkDocument, issues: [] };

  const ctx = { root: schema, doc, strict: options.strict === true };
  const issues = first.error.issues.flatMap((issue) => toFieldIssues(issue, ctx));
  if (hasErrors(issues)) return { kind, issues };
  const unknownKeys = first.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key] as PathSegment[]) : []);
  const second = schema.safeParse(withoutPaths(doc, unknownKeys));
  if (second.success) return { kind, value: second.data as AnyArkDocument, issues };
  return { kind, issues: [...issues, ...second.error.issues.flatMap((issue) => toFieldIssues(issue, ctx))] };
}

function kindIssue(kind: unknown): FieldIssue {
  const supported = `supported kinds: ${KIND_NAMES.join(', ')}`;
  if (kind === undefined) return fieldError('kind', 'required', `set kind to one of ${KIND_NAMES.join(', ')}`);
  if (typeof kind !== 'string') return fieldError('kind', `${describeValue(kind)} is not a kind`, supported);
  return fieldError('kind', `"${kind}" is not an ARKONIS kind`, useOneOf(kind, KIND_NAMES));
}

/** A deep copy of `doc` without the fields at `paths` (JSON data only). */
function withoutPaths(doc: object, paths: readonly PathSegment[][]): unknown {
  const copy = structuredClone(doc) as Record<PathSegment, unknown>;
  for (const path of paths) {
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) {
      parent = typeof parent === 'object' && parent !== null ? (parent as Record<PathSegment, unknown>)[segment] : undefined;
    }
    const last = path[path.length - 1];
    if (typeof parent === 'object' && parent !== null && last !== undefined) {
      delete (parent as Record<PathSegment, unknown>)[last];
    }
  }
  return copy;
}
