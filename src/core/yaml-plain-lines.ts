// Lines of field paths for a file the plain reader reads, without the yaml library's
// syntax tree (tens of bytes per byte of YAML): the text is read again by js-yaml, and the
// start lines of every collection's children are kept in flat typed arrays (about 4 bytes
// per child, 8 per collection). The answers are the full locator's (documents.ts,
// nearestLine): a mapping field's key line, a sequence item's line, else the nearest
// existing ancestor's (yaml-plain-lines.test.ts compares the two on every path).
//
// Collections are numbered in the order js-yaml finishes them, so a collection's
// descendants are the numbers just below its own, and a child's number is found from its
// parent's by skipping the later siblings' subtrees; no per-object table is kept.
// js-yaml's listener reports each node it composes, keys included, but also a node that
// only wraps its single child (same value) and a trailing empty node when a block mapping
// ends. A collection whose children do not line up with its value in the way expected
// here (a flow map key without a value, an empty block sequence item, integer-like keys
// that Object.keys moves ahead of the others) makes the whole file the full locator's:
// undefined is returned, and only time and memory are lost.
import type { PathSegment } from './issues.js';
import { readPlainDocuments } from './yaml-plain.js';
import type { PlainListener } from './yaml-plain.js';

/** The line of `path` in document `index` of the file, as documents.ts's lineOf gives it. */
export type Locate = (index: number, path: readonly PathSegment[]) => number | undefined;

/** The loader fields read here (js-yaml's typings list fewer). */
interface LoaderState { line: number; kind: string | null; result: unknown }

/** A node being composed: its line when opened, the first collection number below it, and its direct children so far. */
interface Frame { line: number; firstId: number; lines: number[]; results: unknown[]; lastKind: string | null }

/** Collections by number: where their child lines start in `lines`, and how many collections their subtree holds. */
class LineStore {
  lines = new Int32Array(1024);
  used = 0;
  starts = new Int32Array(256);
  sizes = new Int32Array(256);
  count = 0;

  /** Numbers a finished collection whose subtree began at `firstId`, keeping its child lines. */
  add(firstId: number, childLines: readonly number[]): number {
    const id = this.count++;
    if (id >= this.starts.length) [this.starts, this.sizes] = [grown(this.starts, id + 1), grown(this.sizes, id + 1)];
    if (this.used + childLines.length > this.lines.length) this.lines = grown(this.lines, this.used + childLines.length);
    this.starts[id] = this.used;
    this.sizes[id] = id - firstId + 1;
    this.lines.set(childLines, this.used);
    this.used += childLines.length;
    return id;
  }
}

function grown(array: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** A locator built from a second plain read of `text`, or undefined when the full locator must answer. */
export function plainLocator(text: string): Locate | undefined {
  const store = new LineStore();
  const roots: number[] = [];
  const recorder = recordLines(store, roots);
  const documents = readPlainDocuments(text, recorder.listener);
  if (documents === undefined || !recorder.aligned()) return undefined;
  return (index, path) => {
    const doc = documents[index];
    return doc === undefined || doc.value === null ? undefined : nearestLine(doc.value, roots[index] ?? -1, doc.line, path, store);
  };
}

/** A listener that fills `store` and `roots` (each document's root collection number, -1 for a scalar). */
function recordLines(store: LineStore, roots: number[]): { listener: PlainListener; aligned(): boolean } {
  const frames: Frame[] = [];
  let aligned = true;
  const listener: PlainListener = (event, raw) => {
    const state = raw as LoaderState;
    if (event === 'open') {
      frames.push({ line: state.line + 1, firstId: store.count, lines: [], results: [], lastKind: null });
      return;
    }
    const frame = frames.pop();
    if (frame === undefined) return;
    if (isCollection(state) && !isWrapper(frame, state.result)) {
      const children = childLines(frame, state.result);
      if (children === undefined) aligned = false;
      else store.add(frame.firstId, children);
    }
    const parent = frames[frames.length - 1];
    if (parent === undefined) {
      roots.push(isCollection(state) ? store.count - 1 : -1);
      return;
    }
    parent.lines.push(frame.line);
    parent.results.push(state.result);
    parent.lastKind = state.kind;
  };
  return { listener, aligned: () => aligned };
}

function isCollection(state: LoaderState): state is LoaderState & { result: object } {
  return (state.kind === 'mapping' || state.kind === 'sequence') && typeof state.result === 'object' && state.result !== null;
}

/** A node that only repeats the collection its single child composed (already numbered). */
function isWrapper(frame: Frame, result: object): boolean {
  return frame.results.length === 1 && frame.results[0] === result;
}

/** The start lines of `result`'s children in written order, or undefined when the events do not line up with it. */
function childLines(frame: Frame, result: object): readonly number[] | undefined {
  if (Array.isArray(result)) {
    // One node per item: an empty block item has none, a flow `[k: v]` item has two.
    return frame.lines.length === result.length ? frame.lines : undefined;
  }
  return keyLines(frame, Object.keys(result));
}

/**
 * Key lines of a mapping, when Object.keys lists the keys as written. Its nodes alternate
 * key and value, plus one empty node where a block mapping stops at a line it cannot read as a key.
 */
function keyLines(frame: Frame, keys: readonly string[]): number[] | undefined {
  const count = frame.lines.length;
  const pairs = keys.length;
  if (count !== 2 * pairs && !(count === 2 * pairs + 1 && frame.lastKind === null)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (String(frame.results[2 * i]) !== keys[i]) return undefined;
    out.push(frame.lines[2 * i] ?? 0);
  }
  return out;
}

/** Walks the value along `path`, keeping the line of the deepest child found (nearestLine's rules). */
function nearestLine(root: unknown, rootId: number, rootLine: number, path: readonly PathSegment[], store: LineStore): number {
  let value = root;
  let id = rootId;
  let line = rootLine;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) break;
    const children = childrenOf(value);
    const at = childIndex(value, segment, children.length);
    if (at === undefined) break;
    line = store.lines[(store.starts[id] ?? 0) + at] ?? line;
    id = childId(store, id, children, at);
    value = children[at];
  }
  return line;
}

/** The child values of a collection in written order (the order Object.keys gives for the maps kept). */
function childrenOf(value: object): unknown[] {
  return Array.isArray(value) ? value : Object.values(value);
}

/** The position of `segment` among a collection's children: an item index, or a key's place. */
function childIndex(value: object, segment: PathSegment, count: number): number | undefined {
  if (Array.isArray(value)) {
    return typeof segment === 'number' && Number.isInteger(segment) && segment >= 0 && segment < count ? segment : undefined;
  }
  const at = Object.keys(value).indexOf(String(segment));
  return at < 0 ? undefined : at;
}

/** The number of child `at` of collection `id` (-1 for a scalar): later siblings' subtrees sit just below `id`. */
function childId(store: LineStore, id: number, children: readonly unknown[], at: number): number {
  let next = id - 1;
  for (let j = children.length - 1; j > at; j--) {
    if (isObject(children[j])) next -= store.sizes[next] ?? 1;
  }
  return isObject(children[at]) ? next : -1;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
