// Multi-document YAML as `ark validate` and `ark run` read it, with a way back from a field
// path to the line it was written on, so issues read `quickstart.yaml:12: spec.model: …`.
// Values come from the plain reader when it can read the file (no syntax tree at all),
// else from the full reader, whose trees are dropped once each value is built (they cost
// tens of bytes per byte of YAML). Lines of issues in a file the plain reader read come from
// a scan of its text (yaml-scan-lines.ts); a path the scan cannot tell, or a file only the
// full reader reads, has the file read again, once: by the plain reader when it read the
// file (yaml-plain-lines.ts), else by the full reader.
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import { formatIssue, parsePath } from './issues.js';
import type { FieldIssue, PathSegment } from './issues.js';
import { composeDocuments, documentValue, MAX_YAML_BYTES } from './yaml-stream.js';
import type { ComposedDocument } from './yaml-stream.js';
import { readPlainDocuments } from './yaml-plain.js';
import { plainLocator } from './yaml-plain-lines.js';
import type { Locate } from './yaml-plain-lines.js';
import { scanLocator } from './yaml-scan-lines.js';
import type { ScanLocate } from './yaml-scan-lines.js';

export { MAX_YAML_ALIASES, MAX_YAML_BYTES, MAX_YAML_DEPTH } from './yaml-stream.js';

export interface YamlDocument {
  /** 0-based position of the document in the stream (empty documents count too). */
  index: number;
  /** The plain JS value of the document. */
  value: unknown;
  /** 1-based line where the document's content starts. */
  line: number;
  /** 1-based line of a field path, or of its nearest existing ancestor; a path string or segments. */
  lineOf(path: string | readonly PathSegment[]): number | undefined;
}

/** A YAML problem, located in its file. */
export interface DocumentIssue extends FieldIssue {
  file: string;
  line?: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  issues: DocumentIssue[];
}

/** Parses every document of `text`; problems become issues and skip their document. */
export function parseYamlDocuments(text: string, file: string): ParsedYaml {
  if (text.length > MAX_YAML_BYTES) {
    return { documents: [], issues: [{ file, path: '', severity: 'error', ...sizeIssue(text.length) }] };
  }
  const plain = readPlainDocuments(text);
  if (plain === undefined) return parseYamlFully(text, file);
  const lineOf = locatorFor(text, 'plain', scanLocator(text, plain));
  // An empty document (`---` and nothing, or only comments) is null here, as in the full reader.
  const documents = plain.filter((doc) => doc.value !== null).map((doc) => ({ ...doc, lineOf: lineOf(doc.index) }));
  return { documents, issues: [] };
}

/**
 * The full reader: every bound and yaml library message, at the cost of a syntax tree per
 * document. The reference the plain reader is held to (see yaml-plain.test.ts).
 */
export function parseYamlFully(text: string, file: string): ParsedYaml {
  const lineOf = locatorFor(text, 'full');
  const documents: YamlDocument[] = [];
  const issues: DocumentIssue[] = [];
  const streamIssues = composeDocuments(text, (composed) => {
    // `---` followed by nothing (or only comments) is an empty document, not a null object.
    const contents = composed.doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    const read = documentValue(composed);
    issues.push(...read.issues.map((issue) => ({ ...issue, file })));
    if (read.issues.some((issue) => issue.severity === 'error')) return;
    const index = composed.index;
    documents.push({
      index,
      value: read.value,
      line: composed.lineOfOffset(contents.range[0]),
      lineOf: lineOf(index),
    });
  });
  issues.push(...streamIssues.map((issue) => ({ ...issue, file })));
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { documents, issues };
}

/** The size message, shared with readers that check the size before reading. */
export function sizeIssue(bytes: number): Pick<FieldIssue, 'message' | 'fix'> {
  const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
  return {
    message: `the file is ${mib(bytes)}, over the ${mib(MAX_YAML_BYTES)} limit (kube-apiserver refuses larger requests too)`,
    fix: 'split the objects into several files, and move long prompts into files read through systemPromptRef',
  };
}

/** `file:line: path: message; fix: …` (the line is left out when unknown). */
export function formatIssueAt(file: string, line: number | undefined, issue: FieldIssue): string {
  return `${line === undefined ? file : `${file}:${line}`}: ${formatIssue(issue)}`;
}

/**
 * lineOf for each document of one file, by stream index: the text scan's answer when it has
 * one, else the file is read again on first use, by the reader that read it (the plain
 * locator may still hand over to the full one).
 */
function locatorFor(text: string, reader: 'plain' | 'full', scan?: ScanLocate): (index: number) => YamlDocument['lineOf'] {
  let locate: Locate | undefined;
  return (index) => (path) => {
    const segments = typeof path === 'string' ? parsePath(path) : path;
    const scanned = scan?.(index, segments);
    if (scanned !== undefined) return scanned;
    locate ??= (reader === 'plain' ? plainLocator(text) : undefined) ?? fullLocator(text);
    return locate(index, segments);
  };
}

/** The reference locator: the yaml library's syntax trees of every document, kept. */
export function fullLocator(text: string): Locate {
  const trees = new Map<number, ComposedDocument>();
  composeDocuments(text, (composed) => trees.set(composed.index, composed));
  return (index, path) => {
    const composed = trees.get(index);
    return composed === undefined ? undefined : nearestLine(composed.doc, path, composed.lineOfOffset);
  };
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
