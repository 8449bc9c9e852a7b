// Multi-document YAML as `ark validate` and `ark run` read it, with a way back from a field
// path to the line it was written on, so issues read `quickstart.yaml:12: spec.model: …`.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { formatIssue, parsePath } from './issues.js';
import type { FieldIssue, PathSegment } from './issues.js';

export interface YamlDocument {
  /** 0-based position of the document in the stream (empty documents count too). */
  index: number;
  /** The plain JS value of the document. */
  value: unknown;
  /** 1-based line of a field path, or of its nearest existing ancestor; a path string or segments. */
  lineOf(path: string | readonly PathSegment[]): number | undefined;
}

/** A YAML syntax problem, located in its file. */
export interface DocumentIssue extends FieldIssue {
  file: string;
  line?: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  issues: DocumentIssue[];
}

/** Parses every document of `text`; syntax errors become issues and skip their document. */
export function parseYamlDocuments(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents: YamlDocument[] = [];
  const issues: DocumentIssue[] = [];
  parseAllDocuments(text, { lineCounter, prettyErrors: true }).forEach((doc, index) => {
    issues.push(...doc.warnings.map((w) => yamlIssue(file, w, 'warning')));
    if (doc.errors.length > 0) {
      issues.push(...doc.errors.map((e) => yamlIssue(file, e, 'error')));
      return;
    }
    // `---` followed by nothing (or only comments) is an empty document, not a null object.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    const lineOfOffset = (offset: number) => lineCounter.linePos(offset).line;
    documents.push({
      index,
      value: doc.toJS({ maxAliasCount: 100 }),
      lineOf: (path) => nearestLine(doc, typeof path === 'string' ? parsePath(path) : path, lineOfOffset),
    });
  });
  return { documents, issues };
}

/** `file:line: path: message; fix: …` (the line is left out when unknown). */
export function formatIssueAt(file: string, line: number | undefined, issue: FieldIssue): string {
  return `${line === undefined ? file : `${file}:${line}`}: ${formatIssue(issue)}`;
}

interface YamlErrorLike { message: string; code: string; linePos?: [{ line: number; col: number }, ...unknown[]] }

function yamlIssue(file: string, error: YamlErrorLike, severity: 'error' | 'warning'): DocumentIssue {
  // The first line of a yaml message is the reason; the rest is a source excerpt.
  const reason = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  const line = error.linePos?.[0].line;
  const issue: DocumentIssue = { file, path: '', message: `YAML: ${reason}`, severity };
  if (line !== undefined) issue.line = line;
  return issue;
}

/** Walks the node tree along `path`, remembering the line of the deepest node found. */
function nearestLine(
  doc: Document, path: readonly PathSegment[], lineOfOffset: (offset: number) => number,
): number | undefined {
  let node: unknown = doc.contents;
  let line = startLine(node, lineOfOffset);
  for (const segment of path) {
    const step = child(node, segment);
    if (step === undefined) break;
    line = startLine(step.anchor, lineOfOffset) ?? line;
    node = step.value;
  }
  return line;
}

/** The child at `segment` and the node whose start marks it (a map key, or the sequence item). */
function child(node: unknown, segment: PathSegment): { anchor: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair === undefined ? undefined : { anchor: pair.key, value: pair.value };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { anchor: item, value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function startLine(node: unknown, lineOfOffset: (offset: number) => number): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : lineOfOffset(range[0]);
}
