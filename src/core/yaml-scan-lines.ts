// Lines of field paths found by scanning the text of block-style YAML, with no second
// parse (a second js-yaml read of a large file allocates about 3 bytes per byte; this
// keeps one 4-byte line start per line, and the collections it has walked).
//
// The scan walks a document's value and its text together. A block collection's children
// are the lines at its indentation within its range: a mapping's keys, a sequence's dashes.
// They must match the value (the keys Object.keys gives, in that order; as many items), or
// the scan cannot tell. It cannot tell either at what it does not read: a flow collection
// or quoted scalar continued on another line, a key it cannot decode, an anchor, a tag, an
// empty sequence item, content on a `---` line. Then it answers undefined and the caller
// asks the plain locator. Where it answers, the answer is the full locator's (documents.ts,
// nearestLine: a key's line, an item's first line, else the nearest existing ancestor's),
// which yaml-plain-lines.test.ts checks on every path.
import type { PathSegment } from './issues.js';
import type { PlainDocument } from './yaml-plain.js';

/** The 1-based line of `path` in document `index`, or undefined when the scan cannot tell. */
export type ScanLocate = (index: number, path: readonly PathSegment[]) => number | undefined;

/** Where a node's text starts: a 0-based line and column. */
interface At { line: number; col: number }

/** A block collection's children: their lines, and for a mapping its keys. */
interface Children { lines: number[]; keys: string[] | undefined }

/** Thrown inside the scan when the text is not what it reads; the query answers undefined. */
class CannotTell extends Error {}

const cannotTell = (): never => { throw new CannotTell(); };

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;

/** An implicit key and its colon: plain (a word-like key), double- or single-quoted. */
const KEY = /(?:([A-Za-z_][\w./-]*)|"((?:[^"\\\r\n]|\\.)*)"|'((?:[^'\r\n]|'')*)')[ \t]*:(?=[ \t\r\n]|$)/y;

export function scanLocator(text: string, documents: readonly PlainDocument[]): ScanLocate {
  const byIndex = new Map(documents.map((doc) => [doc.index, doc]));
  let scan: TextScan | undefined;
  return (index, path) => {
    const doc = byIndex.get(index);
    if (doc === undefined) return undefined;
    scan ??= new TextScan(text);
    try {
      return scan.lineOf(doc, path);
    } catch (error) {
      if (error instanceof CannotTell) return undefined;
      throw error;
    }
  };
}

class TextScan {
  private readonly starts: Int32Array;
  private readonly lineCount: number;
  /** Block collections walked so far, by text offset, checked against their values. */
  private readonly walked = new Map<number, Children>();

  constructor(private readonly text: string) {
    let starts: Int32Array = new Int32Array(1024);
    let count = 0;
    for (let offset = 0; offset >= 0; ) {
      if (count === starts.length) starts = grown(starts);
      starts[count++] = offset;
      const end = text.indexOf('\n', offset);
      offset = end < 0 ? -1 : end + 1;
    }
    this.starts = starts;
    this.lineCount = count;
  }

  lineOf(doc: PlainDocument, path: readonly PathSegment[]): number {
    let answer = doc.line;
    let value = doc.value;
    const rootLine = doc.line - 1;
    if (this.indentOf(rootLine) < 0 || this.isMarker(rootLine)) cannotTell();
    let at: At = { line: rootLine, col: this.indentOf(rootLine) };
    for (const segment of path) {
      if (typeof value !== 'object' || value === null) break;
      const first = this.code(at.line, at.col);
      if (first === 0x7b || first === 0x5b) {
        // A flow collection on one line: whatever of the path exists in it is on that line.
        this.checkOneLineFlow(at, Array.isArray(value) ? 0x5b : 0x7b);
        return hasChild(value, segment) ? at.line + 1 : answer;
      }
      if (Array.isArray(value)) {
        const items = this.children(at, value);
        if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment >= value.length) break;
        at = this.itemAt(items.lines[segment] ?? cannotTell(), at.col);
        answer = at.line + 1;
        value = value[segment];
      } else {
        const keys = this.children(at, value);
        const i = keys.keys?.indexOf(String(segment)) ?? -1;
        if (i < 0) break;
        const keyLine = keys.lines[i] ?? cannotTell();
        answer = keyLine + 1;
        value = (value as Record<string, unknown>)[String(segment)];
        // Every key of a block mapping starts at its column.
        if (typeof value === 'object' && value !== null) at = this.valueAt(keyLine, at.col) ?? cannotTell();
      }
    }
    return answer;
  }

  /** The children of the block collection at `at`, checked against `value` once. */
  private children(at: At, value: object): Children {
    const offset = (this.starts[at.line] ?? 0) + at.col;
    const known = this.walked.get(offset);
    if (known !== undefined) return known;
    const found = Array.isArray(value) ? this.itemLines(at) : this.keyLines(at);
    const matches = found.keys === undefined
      ? Array.isArray(value) && found.lines.length === value.length
      : !Array.isArray(value) && sameKeys(found.keys, Object.keys(value));
    if (!matches) cannotTell();
    this.walked.set(offset, found);
    return found;
  }

  /** A block mapping's keys: the lines at its column, less a sequence written at its key's indentation. */
  private keyLines(at: At): Children {
    const keys = [this.keyAt(at.line, at.col).key];
    const lines = [at.line];
    for (let line = this.nextContent(at.line); line >= 0; line = this.nextContent(line)) {
      const indent = this.indentOf(line);
      if (indent > at.col) continue;
      if (indent < at.col || this.isMarker(line)) break;
      if (this.isDash(line, indent)) continue;
      keys.push(this.keyAt(line, indent).key);
      lines.push(line);
    }
    return { lines, keys };
  }

  /** A block sequence's dashes: the lines at its column that start with `- `. */
  private itemLines(at: At): Children {
    if (!this.isDash(at.line, at.col)) cannotTell();
    const lines = [at.line];
    for (let line = this.nextContent(at.line); line >= 0; line = this.nextContent(line)) {
      const indent = this.indentOf(line);
      if (indent > at.col) continue;
      if (indent < at.col || this.isMarker(line) || !this.isDash(line, indent)) break;
      lines.push(line);
    }
    return { lines, keys: undefined };
  }

  /** Where the item of the dash at (line, col) starts: after the dash, or on a later, deeper line. */
  private itemAt(line: number, col: number): At {
    const start = this.skipSpaces(line, col + 1);
    if (!this.endsHere(line, start)) return { line, col: start };
    return this.deeperLine(line, col, false) ?? cannotTell();
  }

  /** Where the value of the key at (line, col) starts, or undefined when it has none (null). */
  private valueAt(line: number, col: number): At | undefined {
    const start = this.skipSpaces(line, this.keyAt(line, col).end);
    if (!this.endsHere(line, start)) return { line, col: start };
    return this.deeperLine(line, col, true);
  }

  /** The next content line below `line` if it is indented past `col` (or, for a key's value, a dash at `col`). */
  private deeperLine(line: number, col: number, dashAtCol: boolean): At | undefined {
    const next = this.nextContent(line);
    if (next < 0 || this.isMarker(next)) return undefined;
    const indent = this.indentOf(next);
    return indent > col || (dashAtCol && indent === col && this.isDash(next, indent)) ? { line: next, col: indent } : undefined;
  }

  private keyAt(line: number, col: number): { key: string; end: number } {
    const start = this.starts[line] ?? cannotTell();
    KEY.lastIndex = start + col;
    const match = KEY.exec(this.text) ?? cannotTell();
    const end = KEY.lastIndex - start;
    if (match[1] !== undefined) return { key: match[1], end };
    if (match[3] !== undefined) return { key: match[3].replaceAll("''", "'"), end };
    try {
      // YAML escapes JSON lacks (\e, \x41, …) are refused here: the scan cannot tell.
      return { key: JSON.parse(`"${match[2] ?? ''}"`) as string, end };
    } catch {
      return cannotTell();
    }
  }

  /** Checks that the flow collection at `at` (opened by `open`) closes on its own line. */
  private checkOneLineFlow(at: At, open: number): void {
    if (this.code(at.line, at.col) !== open) cannotTell();
    let depth = 0;
    let quote = 0;
    for (let col = at.col; ; col++) {
      const c = this.code(at.line, col);
      if (c < 0) cannotTell();
      if (quote !== 0) {
        if (c === 0x5c && quote === 0x22) col++;
        else if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
      } else if (c === HASH && isBlank(this.code(at.line, col - 1))) {
        cannotTell();
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return;
      }
    }
  }

  /** The character code at (line, col), or -1 past the line's end (its `\r\n` excluded). */
  private code(line: number, col: number): number {
    const start = this.starts[line];
    if (start === undefined || line >= this.lineCount) return -1;
    const c = this.text.charCodeAt(start + col);
    return Number.isNaN(c) || c === 0x0a || (c === 0x0d && this.text.charCodeAt(start + col + 1) === 0x0a) ? -1 : c;
  }

  /** Leading spaces of a line, or -1 for a blank or comment line. */
  private indentOf(line: number): number {
    let col = 0;
    while (this.code(line, col) === SPACE) col++;
    let c = this.code(line, col);
    let rest = col;
    while (c === TAB || c === SPACE) c = this.code(line, ++rest);
    return c < 0 || c === HASH ? -1 : col;
  }

  private nextContent(line: number): number {
    for (let next = line + 1; next < this.lineCount; next++) if (this.indentOf(next) >= 0) return next;
    return -1;
  }

  private isMarker(line: number): boolean {
    const c = this.code(line, 0);
    return (c === DASH || c === 0x2e) && this.code(line, 1) === c && this.code(line, 2) === c && isBlank(this.code(line, 3));
  }

  private isDash(line: number, col: number): boolean {
    return this.code(line, col) === DASH && isBlank(this.code(line, col + 1));
  }

  private skipSpaces(line: number, col: number): number {
    while (this.code(line, col) === SPACE) col++;
    if (this.code(line, col) === TAB) cannotTell();
    return col;
  }

  /** Whether nothing but a comment is left on the line from `col`. */
  private endsHere(line: number, col: number): boolean {
    const c = this.code(line, col);
    return c < 0 || c === HASH;
  }
}

function isBlank(c: number): boolean {
  return c < 0 || c === SPACE || c === TAB;
}

function sameKeys(found: readonly string[], keys: readonly string[]): boolean {
  return found.length === keys.length && found.every((key, i) => key === keys[i]);
}

function hasChild(value: object, segment: PathSegment): boolean {
  if (Array.isArray(value)) return typeof segment === 'number' && Number.isInteger(segment) && segment >= 0 && segment < value.length;
  return Object.hasOwn(value, String(segment));
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
