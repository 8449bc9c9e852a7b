// The YAML reader under parseYamlDocuments: one document at a time, with the bounds a
// file from anywhere needs (size, nesting depth, alias expansions, integers beyond 2^53),
// each reported as a located issue instead of an exception.
import { Composer, isMap, isPair, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import type { CST, Document } from 'yaml';
import { formatPath } from './issues.js';
import type { FieldIssue, PathSegment } from './issues.js';

/** The largest file read, as kube-apiserver's request body limit (3 MiB). */
export const MAX_YAML_BYTES = 3 * 1024 * 1024;
/** Deepest nesting of maps and lists; the composer recurses per level, so it is checked first. */
export const MAX_YAML_DEPTH = 100;
/** Alias expansions allowed per document (a YAML "billion laughs" stops here). */
export const MAX_YAML_ALIASES = 100;

/** The reader accepts YAML 1.1 merge keys (`<<: *base`) as kubectl does. */
const COMPOSE_OPTIONS = { merge: true, intAsBigInt: true } as const;

/** A problem found while reading, at a 1-based line when known. */
export interface StreamIssue extends FieldIssue { line?: number }

export interface ComposedDocument {
  index: number;
  doc: Document.Parsed;
  lineOfOffset(offset: number): number;
}

/**
 * Calls `each` for every document of `text` that composed without errors; documents too
 * deep to compose, or with syntax errors, become issues. Only one document's syntax tree
 * is alive at a time unless `each` keeps it.
 */
export function composeDocuments(text: string, each: (composed: ComposedDocument) => void): StreamIssue[] {
  const lineCounter = new LineCounter();
  const lineOfOffset = (offset: number): number => lineCounter.linePos(offset).line;
  const composer = new Composer(COMPOSE_OPTIONS);
  const issues: StreamIssue[] = [];
  let index = 0;
  const accept = (doc: Document.Parsed): void => {
    issues.push(...doc.warnings.map((w) => yamlIssue(w, lineOfOffset, 'warning')));
    if (doc.errors.length > 0) issues.push(...doc.errors.map((e) => yamlIssue(e, lineOfOffset, 'error')));
    else each({ index, doc, lineOfOffset });
    index++;
  };
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    const tooDeep = token.type === 'document' ? deeperThan(token, MAX_YAML_DEPTH) : undefined;
    if (tooDeep === undefined) {
      for (const doc of composer.next(token)) accept(doc);
      continue;
    }
    issues.push({
      line: lineOfOffset(tooDeep), path: '', severity: 'error',
      message: `YAML: nested deeper than ${MAX_YAML_DEPTH} levels`,
      fix: 'flatten the structure; no ARKONIS field nests this deep',
    });
    index++;
  }
  for (const doc of composer.end()) accept(doc);
  return issues;
}

/** Offset of the first collection nested deeper than `limit`, walking the syntax tree iteratively. */
function deeperThan(token: CST.Document, limit: number): number | undefined {
  const stack: [CST.Token | undefined, number][] = [[token.value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === undefined) continue;
    if (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection') continue;
    if (depth >= limit) return node.offset;
    for (const item of node.items) stack.push([item.key ?? undefined, depth + 1], [item.value, depth + 1]);
  }
  return undefined;
}

/**
 * The plain value of a composed document. Integers arrive as bigint (so precision loss is
 * visible) and become numbers here; those beyond 2^53 are issues. Alias bombs are issues.
 */
export function documentValue(composed: ComposedDocument): { value: unknown; issues: StreamIssue[] } {
  const issues = unsafeIntegers(composed);
  try {
    return { value: composed.doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), issues };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const start = composed.doc.contents?.range[0] ?? 0;
    issues.push({
      line: composed.lineOfOffset(start), path: '', severity: 'error',
      message: `YAML: aliases expand more than ${MAX_YAML_ALIASES} times (${error.message})`,
      fix: 'write the repeated values out, or use fewer *alias references',
    });
    return { value: undefined, issues };
  }
}

/** Turns safe bigint scalars back into numbers and reports the others. */
function unsafeIntegers(composed: ComposedDocument): StreamIssue[] {
  const issues: StreamIssue[] = [];
  const stack: [unknown, PathSegment[]][] = [[composed.doc.contents, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair)) stack.push([pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push([item, [...path, i]]));
    } else if (isScalar(node) && typeof node.value === 'bigint') {
      const big = node.value;
      node.value = Number(big);
      if (Number.isSafeInteger(node.value)) continue;
      issues.push({
        line: composed.lineOfOffset(node.range?.[0] ?? 0), path: formatPath(path), severity: 'error',
        message: `integer ${big.toString()} is beyond ±2^53 (9007199254740991) and would lose precision`,
        fix: 'write a smaller integer, or quote it to keep it as text',
      });
    }
  }
  return issues;
}

interface YamlErrorLike { message: string; pos: [number, number] }

function yamlIssue(error: YamlErrorLike, lineOfOffset: (offset: number) => number, severity: 'error' | 'warning'): StreamIssue {
  const reason = error.message.split('\n')[0] ?? error.message;
  return { line: lineOfOffset(error.pos[0]), path: '', message: `YAML: ${reason}`, fix: syntaxFix(reason), severity };
}

/** What to change for the yaml library's most common complaints. */
function syntaxFix(reason: string): string {
  if (/unique/i.test(reason)) return 'remove or rename the repeated key';
  if (/tab/i.test(reason)) return 'indent with spaces, not tabs';
  if (/flow (collection|sequence|map)|missing closing|expected .*[\]}]/i.test(reason)) return 'close every [ and { on the line where the value ends, or quote the value';
  if (/implicit (map )?keys?|mapping values|indent/i.test(reason)) return 'check the indentation, and quote values that contain ": "';
  if (/quote/i.test(reason)) return 'close the quoted string';
  return 'fix the YAML syntax at this line (quote values with special characters)';
}
