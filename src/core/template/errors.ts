// Errors raised while parsing or executing a template. Every error carries the position
// (1-based line and column) in the template source so admission and run messages can point
// at the offending action.

import { editDistance } from '../issues.js';

/** A parse or execution error in a template, with its position in `source`. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly line: number;
  readonly column: number;
  /** The whole template text the position refers to. */
  readonly source: string;
  /** The problem alone, without the position prefix (for callers that add their own). */
  readonly reason: string;

  constructor(reason: string, source: string, offset: number) {
    const { line, column } = lineLocator(source)(offset);
    super(`line ${line}, column ${column}: ${reason}`);
    this.line = line;
    this.column = column;
    this.source = source;
    this.reason = reason;
  }
}

/**
 * Thrown by template functions for bad arguments. It carries no position: the executor
 * catches it and rethrows a TemplateError at the calling action.
 */
export class FuncError extends Error {
  override readonly name = 'FuncError';
}

export interface LineColumn { line: number; column: number }

/**
 * Maps offsets in `source` to 1-based line and column (in UTF-16 units). The line starts are
 * indexed once and each lookup is a binary search, so locating every reference of a large
 * template stays near-linear. Offsets are clamped to the source; only "\n" ends a line.
 */
export function lineLocator(source: string): (offset: number) => LineColumn {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const end = Math.min(Math.max(offset, 0), source.length);
    // The last line start at or before `end`.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= end) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: end - (starts[lo] ?? 0) + 1 };
  };
}

/**
 * Up to three candidates close to `name`, nearest first: edit distance ≤ 2 (an adjacent swap
 * counts as one edit) or a shared prefix.
 */
export function closeMatches(name: string, candidates: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = cl === lower ? 0 : editDistance(lower, cl);
    const prefix = lower.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl));
    if (d <= 2 || prefix) scored.push({ c, d: prefix ? Math.min(d, 2) : d });
  }
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  return scored.slice(0, 3).map((s) => s.c);
}
