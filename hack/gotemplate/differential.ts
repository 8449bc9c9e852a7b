// Compares our template engine with real Go on a corpus case and says why they differ:
// not at all (match; both failing counts as a match, messages are not compared), by a
// deliberate deviation (src/core/template/deviations.ts), or without explanation (mismatch).
import type { Case } from './corpus/cases.js';
import type { GoResult } from './renderer.js';
import { parseTemplate, renderTemplate, TemplateError } from '../../src/core/template/index.js';

export type OurResult =
  | { readonly output: string }
  | { readonly error: string; readonly phase: 'parse' | 'exec'; readonly templateError: boolean };

export type Verdict =
  | { readonly kind: 'match' }
  | { readonly kind: 'deviation'; readonly ids: readonly string[] }
  | { readonly kind: 'mismatch' };

const FIXED_CLOCK = (): Date => new Date('2026-01-01T00:00:00Z');

/** Runs a case through our engine; any exception is caught and described. */
export function renderOurs(c: Case): OurResult {
  let phase: 'parse' | 'exec' = 'parse';
  try {
    const tpl = parseTemplate(c.template);
    phase = 'exec';
    return { output: renderTemplate(tpl, c.data, { now: FIXED_CLOCK }) };
  } catch (e) {
    const templateError = e instanceof TemplateError;
    return { error: templateError ? e.message : String(e), phase, templateError };
  }
}

/** How Go spells a missing value in plain, html, urlquery and js output. */
const NO_VALUE = /<no value>|&lt;no value&gt;|%3Cno\+value%3E|\\u003Cno value\\u003E/g;

/** Go's %v of a JSON value: `[a b]`, `map[k:v]` with sorted keys, `<nil>`. */
function goFormat(v: unknown): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goFormat(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** End (exclusive) of the bracketed JSON text starting at `i`, or -1. */
function bracketEnd(s: string, i: number): number {
  let depth = 0;
  let inString = false;
  for (let j = i; j < s.length; j++) {
    const ch = s[j];
    if (inString) {
      if (ch === '\\') j++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && --depth === 0) return j + 1;
  }
  return -1;
}

/** Rewrites every JSON list or object in `s` the way Go prints it. */
function jsonToGo(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    const end = ch === '[' || ch === '{' ? bracketEnd(s, i) : -1;
    if (end < 0) {
      out += ch;
      continue;
    }
    try {
      out += goFormat(JSON.parse(s.slice(i, end)));
      i = end - 1;
    } catch {
      out += ch;
    }
  }
  return out;
}

/** Output transforms that make Go's and our text agree when a deviation is the only difference. */
const OUTPUT_DEVIATIONS: readonly { ids: string[]; same: (go: string, ours: string) => boolean }[] = [
  { ids: ['missing-value'], same: (go, ours) => go.replace(NO_VALUE, '') === ours },
  { ids: ['composite-json'], same: (go, ours) => go === jsonToGo(ours) },
  { ids: ['missing-value', 'composite-json'], same: (go, ours) => go.replace(NO_VALUE, '') === jsonToGo(ours) },
];

/** Go failures (or Go output) that a deviation explains when our engine renders; first match wins. */
const GO_SIGNS: readonly { id: string; sign: RegExp }[] = [
  { id: 'mixed-number-compare', sign: /incompatible types for comparison: (float64 and int|int and float64|float64 and int64|int64 and float64)/ },
  // `%!d` alone: a later %.5s may cut the `(float64=…)` off.
  { id: 'one-number-type', sign: /float64|%!d|range can't iterate over -?\d/ },
  { id: 'nil-field', sign: /nil pointer evaluating interface \{\}\./ },
  { id: 'missing-as-empty-string', sign: /(wrong type for value|invalid value); expected string/ },
];

/** Our failures that a deviation explains. */
const OUR_SIGNS: readonly { id: string; sign: RegExp }[] = [
  { id: 'no-named-templates', sign: /is not supported|unknown function "call"/ },
  { id: 'arity-at-parse', sign: /wrong number of arguments/ },
  { id: 'no-complex', sign: /complex number|beyond ±2\^53/ },
  { id: 'depth-limit', sign: /nesting deeper than/ },
];

/** Go parsed it, we did not know the function: one of the Sprig functions not provided. */
function unprovidedSprig(go: GoResult, ours: OurResult): boolean {
  return !('output' in ours) && ours.phase === 'parse' && /unknown function/.test(ours.error) && !('error' in go && go.phase === 'parse');
}

export function classify(c: Case, go: GoResult, ours: OurResult): Verdict {
  const goOk = 'output' in go;
  const ourOk = 'output' in ours;
  if ((goOk && ourOk && go.output === ours.output) || (!goOk && !ourOk)) return { kind: 'match' };
  if (c.deviation !== undefined) return { kind: 'deviation', ids: [c.deviation] };
  if (goOk && ourOk) {
    const d = OUTPUT_DEVIATIONS.find((x) => x.same(go.output, ours.output));
    if (d) return { kind: 'deviation', ids: d.ids };
  }
  const goText = goOk ? go.output : go.error;
  const goSign = ourOk ? GO_SIGNS.find((x) => x.sign.test(goText)) : undefined;
  if (goSign) return { kind: 'deviation', ids: [goSign.id] };
  const ourSign = ourOk ? undefined : OUR_SIGNS.find((x) => x.sign.test(ours.error));
  if (ourSign) return { kind: 'deviation', ids: [ourSign.id] };
  if (unprovidedSprig(go, ours)) return { kind: 'deviation', ids: ['sprig-subset'] };
  return { kind: 'mismatch' };
}
