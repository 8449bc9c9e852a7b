// Lines of field paths for a file the plain reader reads, without the yaml library's
// syntax tree (tens of bytes per byte of YAML): the text is read again by js-yaml, and for
// each collection the start lines of its children are kept in one Int32Array (about 4
// bytes per child). The answers are the full locator's (documents.ts, nearestLine): a
// mapping field's key line, a sequence item's line, else the nearest existing ancestor's
// (yaml-plain-lines.test.ts compares the two on every path).
//
// js-yaml's listener reports each node it composes, keys included, but also a node that
// only wraps its single child (same value) and a trailing empty node when a block mapping
// ends. A collection whose children do not line up with its value in the way expected
// here (a flow map key without a value, an empty block sequence item) makes the whole
// file the full locator's: undefined is returned, and only time and memory are lost.
import type { PathSegment } from './issues.js';
import { readPlainDocuments } from './yaml-plain.js';
import type { PlainListener } from './yaml-plain.js';

/** The line of `path` in document `index` of the file, as documents.ts's lineOf gives it. */
export type Locate = (index: number, path: readonly PathSegment[]) => number | undefined;

/** The loader fields read here (js-yaml's typings list fewer). */
interface LoaderState { line: number; kind: string | null; result: unknown }

/** A node being composed: its 0-based line when opened, and its direct children so far. */
interface Frame { line: number; lines: number[]; results: unknown[]; lastKind: string | null }

/** Child start lines per collection: items in order, or map keys in Object.keys order. */
type ChildLines = WeakMap<object, Int32Array>;

/** A locator built from a second plain read of `text`, or undefined when the full locator must answer. */
export function plainLocator(text: string): Locate | undefined {
  const lines: ChildLines = new WeakMap();
  const recorder = recordLines(lines);
  const documents = readPlainDocuments(text, recorder.listener);
  if (documents === undefined || !recorder.aligned()) return undefined;
  return (index, path) => {
    const doc = documents[index];
    return doc === undefined || doc.value === null ? undefined : nearestLine(doc.value, doc.line, path, lines);
  };
}

/** A listener that fills `lines`, and whether every collection's children lined up. */
function recordLines(lines: ChildLines): { listener: PlainListener; aligned(): boolean } {
  const frames: Frame[] = [];
  let aligned = true;
  const listener: PlainListener = (event, raw) => {
    const state = raw as LoaderState;
    if (event === 'open') {
      frames.push({ line: state.line + 1, lines: [], results: [], lastKind: null });
      return;
    }
    const frame = frames.pop();
    if (frame === undefined) return;
    if (isCollection(state) && !isWrapper(frame, state.result)) {
      const children = childLines(frame, state.result);
      if (children === undefined) aligned = false;
      else lines.set(state.result, children);
    }
    const parent = frames[frames.length - 1];
    if (parent === undefined) return;
    parent.lines.push(frame.line);
    parent.results.push(state.result);
    parent.lastKind = state.kind;
  };
  return { listener, aligned: () => aligned };
}

function isCollection(state: LoaderState): state is LoaderState & { result: object } {
  return (state.kind === 'mapping' || state.kind === 'sequence') && typeof state.result === 'object' && state.result !== null;
}

/** A node that only repeats the collection its single child composed (lines already kept). */
function isWrapper(frame: Frame, result: object): boolean {
  return frame.results.length === 1 && frame.results[0] === result;
}

/** The start lines of `result`'s children, or undefined when the events do not line up with it. */
function childLines(frame: Frame, result: object): Int32Array | undefined {
  if (Array.isArray(result)) {
    // One node per item: an empty block item has none, a flow `[k: v]` item has two.
    return frame.lines.length === result.length ? Int32Array.from(frame.lines) : undefined;
  }
  return keyLines(frame, Object.keys(result));
}

/**
 * Key lines of a mapping in Object.keys order. Its nodes alternate key and value, plus one
 * empty node where a block mapping stops at a line it cannot read as a key.
 */
function keyLines(frame: Frame, keys: readonly string[]): Int32Array | undefined {
  const count = frame.lines.length;
  const pairs = keys.length;
  if (count !== 2 * pairs && !(count === 2 * pairs + 1 && frame.lastKind === null)) return undefined;
  const out = new Int32Array(pairs);
  let inOrder = true;
  for (let i = 0; i < pairs; i++) {
    out[i] = frame.lines[2 * i] ?? 0;
    if (String(frame.results[2 * i]) !== keys[i]) inOrder = false;
  }
  return inOrder ? out : reordered(frame, keys);
}

/** Key lines when Object.keys puts integer-like keys first, away from their written order. */
function reordered(frame: Frame, keys: readonly string[]): Int32Array | undefined {
  const lineOfKey = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) lineOfKey.set(String(frame.results[2 * i]), frame.lines[2 * i] ?? 0);
  const out = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const line = lineOfKey.get(keys[i] ?? '');
    if (line === undefined) return undefined;
    out[i] = line;
  }
  return out;
}

/** Walks the value along `path`, keeping the line of the deepest child found (nearestLine's rules). */
function nearestLine(root: unknown, rootLine: number, path: readonly PathSegment[], lines: ChildLines): number {
  let value = root;
  let line = rootLine;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) break;
    const children = lines.get(value);
    const at = childIndex(value, segment);
    if (children === undefined || at === undefined) break;
    line = children[at] ?? line;
    value = Array.isArray(value) ? value[at] : (value as Record<string, unknown>)[String(segment)];
  }
  return line;
}

/** The position of `segment` among the children of a collection: an item index, or a key's place in Object.keys. */
function childIndex(value: object, segment: PathSegment): number | undefined {
  if (Array.isArray(value)) {
    return typeof segment === 'number' && Number.isInteger(segment) && segment >= 0 && segment < value.length ? segment : undefined;
  }
  const at = Object.keys(value).indexOf(String(segment));
  return at < 0 ? undefined : at;
}
