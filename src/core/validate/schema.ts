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

/**
 * `value` without the fields at `paths`: only the objects and lists on those paths are
 * copied, the rest is shared (the second parse builds its own value anyway), so one
 * unknown field in a team of 10,000 roles does not copy them all.
 */
function withoutPaths(value: unknown, paths: readonly (readonly PathSegment[])[]): unknown {
  if (paths.length === 0 || typeof value !== 'object' || value === null) return value;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<PathSegment, unknown>;
  const below = new Map<PathSegment, PathSegment[][]>();
  for (const [head, ...rest] of paths) {
    if (head === undefined || !Object.hasOwn(copy, head)) continue;
    if (rest.length === 0) delete copy[head];
    else if (below.has(head)) below.get(head)?.push(rest);
    else below.set(head, [rest]);
  }
  for (const [head, rest] of below) copy[head] = withoutPaths(copy[head], rest);
  return copy;
}
