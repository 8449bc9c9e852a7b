// The fast reader under parseYamlDocuments: plain values built straight from the text by
// js-yaml, with no syntax tree (a tree costs 60–100 bytes per byte of YAML, the values
// about 3). It reads only the part of YAML where js-yaml and the yaml library give the
// same values and the yaml library reports nothing. For anything else — a syntax error,
// an anchor or alias (so merge keys too), a tag, a directive, a collection or null key,
// an integer beyond 2^53, nesting at the bound — it gives up, and the caller reads the
// text with the full reader (yaml-stream.ts), whose values, bounds and messages are the
// reference. Giving up too often costs time only; reading what the full reader would
// refuse or warn about would be a bug.
import { loadAll, Schema, Type } from 'js-yaml';
import type { LoadOptions } from 'js-yaml';
import { MAX_YAML_DEPTH } from './yaml-stream.js';

/** A document of the stream: its value and the 1-based line its content starts on. */
export interface PlainDocument {
  index: number;
  value: unknown;
  line: number;
}

/** Text the full reader must see: shapes where the two libraries may differ, found cheaply (false alarms only cost time). */
const FULL_READER_SHAPES: readonly RegExp[] = [
  /(?:^|[\s[{,])\?(?:\s|$)/, // an explicit `? key`, which may be a collection
  /[\]}][ \t]*:/, // a flow collection as an implicit key
  /^[ \t]*[\]}]/m, // a flow collection closed at a line start: the yaml library warns when under-indented
  /^%/m, // a directive
  /!</, // a verbatim tag
  /\r(?!\n)/, // a lone CR, which the libraries count differently as a line break
];

/** Keys the full reader treats differently: merge keys, null keys (js-yaml writes "null"), over-long implicit keys. */
const MAX_KEY_LENGTH = 1000;
const isFullReaderKey = (key: string): boolean => key === '<<' || key === 'null' || key.length > MAX_KEY_LENGTH;

/** Thrown from inside js-yaml to stop at the first sign the full reader is needed. */
class NeedsFullReader extends Error {}

/** A js-yaml listener: 'open' and 'close' with the loader state, for every node, keys included. */
export type PlainListener = (event: 'open' | 'close', state: unknown) => void;

/**
 * The documents of `text`, or undefined when the full reader must read it. `observe`, when
 * given, sees every node event of the read after the checks (yaml-plain-lines.ts uses it).
 */
export function readPlainDocuments(text: string, observe?: PlainListener): PlainDocument[] | undefined {
  if (FULL_READER_SHAPES.some((shape) => shape.test(text))) return undefined;
  const lines: number[] = [];
  let values: unknown[];
  try {
    values = loadAll(text, null, { ...LOAD_OPTIONS, listener: watch(lines, observe) } as LoadOptions);
  } catch {
    // js-yaml's own errors, a RangeError from a pathological input, or NeedsFullReader:
    // every one of them is the full reader's to report.
    return undefined;
  }
  if (lines.length !== values.length) return undefined;
  return values.map((value, index) => ({ index, value, line: lines[index] ?? 1 }));
}

/** The loader fields the watcher reads (js-yaml's typings list fewer). */
interface LoaderState {
  depth: number;
  line: number;
  tag: string | null;
  kind: string | null;
  result: unknown;
  anchorMap: Record<string, unknown>;
}

/** Per open node: the most collections nested in one path below it, and the child value that has them. */
interface Frame { height: number; tallest: unknown }

/**
 * A js-yaml listener that records each document's first line and stops at anchors (an
 * alias needs one), the non-specific tag `!`, keys the full reader treats differently, and
 * collections nested past the bound. js-yaml's own depth is no nesting level (it wraps some
 * collection items in a node that repeats the item's value and kind), so the height of each
 * node is counted here, a node whose value is its tallest child's counting once.
 */
function watch(lines: number[], observe: PlainListener | undefined): PlainListener {
  const frames: Frame[] = [{ height: 0, tallest: undefined }];
  return (event, raw) => {
    const state = raw as LoaderState;
    if (event === 'open') {
      if (state.depth === 1) lines.push(state.line + 1);
      frames.push({ height: 0, tallest: undefined });
      observe?.(event, raw);
      return;
    }
    if (state.tag === '!' || hasAnyKey(state.anchorMap)) throw new NeedsFullReader();
    if (state.kind === 'mapping' && Object.keys(state.result as object).some(isFullReaderKey)) throw new NeedsFullReader();
    const own = frames.pop() ?? { height: 0, tallest: undefined };
    const isCollection = (state.kind === 'mapping' || state.kind === 'sequence') && state.result !== own.tallest;
    const height = own.height + (isCollection ? 1 : 0);
    if (height > MAX_YAML_DEPTH) throw new NeedsFullReader();
    const parent = frames[frames.length - 1];
    if (parent !== undefined && (height > parent.height || parent.tallest === undefined)) Object.assign(parent, { height, tallest: state.result });
    observe?.(event, raw);
  };
}

function hasAnyKey(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/**
 * The YAML 1.2 core schema exactly as the yaml library resolves plain scalars (js-yaml's
 * own also reads `0b1`, `1_000` and `+.5e3`-like forms). A resolver given a second
 * argument is resolving an explicit tag such as `!!int`: refused, so js-yaml fails and the
 * full reader decides. js-yaml's str, seq and map types are left out for the same reason.
 */
function plainType(name: string, test: RegExp, construct: (text: string) => unknown): Type {
  return new Type(`tag:yaml.org,2002:${name}`, {
    kind: 'scalar',
    resolve: (data: unknown, ...explicitTag: unknown[]) => explicitTag.length === 0 && typeof data === 'string' && test.test(data),
    construct,
  });
}

/** Integers as the yaml library reads them with intAsBigInt, then back to numbers; beyond 2^53 is the full reader's error. */
function safeInteger(text: string): number {
  const value = Number(BigInt(text));
  if (!Number.isSafeInteger(value)) throw new NeedsFullReader();
  return value;
}

function float(text: string): number {
  if (/^[-+]?\./.test(text) && !/[0-9]/.test(text)) {
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  }
  return parseFloat(text);
}

const CORE_SCHEMA = new Schema({
  implicit: [
    plainType('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    plainType('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text.startsWith('t') || text.startsWith('T')),
    plainType('int', /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, safeInteger),
    plainType('float', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/, float),
  ],
});

/**
 * maxDepth only guards js-yaml's recursion: it counts every node, so it sits above the leaves
 * of the deepest collection allowed; the bound itself is the watcher's.
 */
const LOAD_OPTIONS = { schema: CORE_SCHEMA, json: false, maxDepth: MAX_YAML_DEPTH + 2 };

