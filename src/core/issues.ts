// Field issues: the one shape every rule reports in, from the admission webhooks to `ark
// validate`. A path names the field the way a user reads YAML: `spec.roles[0].limits`.

export type Severity = 'error' | 'warning';

export interface FieldIssue {
  /** Field path such as `spec.roles[0].limits.maxTokensPerCall`; empty for the whole object. */
  path: string;
  message: string;
  /** What the user should change, when there is a clear answer. */
  fix?: string;
  severity: Severity;
}

export type PathSegment = string | number;

export function fieldError(path: string, message: string, fix?: string): FieldIssue {
  return fix === undefined ? { path, message, severity: 'error' } : { path, message, fix, severity: 'error' };
}

export function fieldWarning(path: string, message: string, fix?: string): FieldIssue {
  return fix === undefined ? { path, message, severity: 'warning' } : { path, message, fix, severity: 'warning' };
}

/** `path: message; fix: fix` — the line users see in kubectl, `ark validate` and `ark run`. */
export function formatIssue(issue: FieldIssue): string {
  const head = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
  return issue.fix === undefined ? head : `${head}; fix: ${issue.fix}`;
}

export function hasErrors(issues: readonly FieldIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Prefixes every issue path with `base` (rules for a nested object report relative paths). */
export function underPath(base: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ ...issue, path: joinPath(base, issue.path) }));
}

/** Joins a base path and a relative path (`spec.roles[0]` + `limits` or `[1]`). */
export function joinPath(base: string, relative: string): string {
  if (base === '') return relative;
  if (relative === '') return base;
  return relative.startsWith('[') ? `${base}${relative}` : `${base}.${relative}`;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Segments to a path string; keys that are not plain identifiers are written `["a.b/c"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The inverse of formatPath: `spec.roles[0]["a.b"]` → ['spec', 'roles', 0, 'a.b']. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
    } else if (ch === '[') {
      const close = path[i + 1] === '"' ? closingQuote(path, i + 1) + 1 : path.indexOf(']', i);
      const inner = path.slice(i + 1, close < 0 ? path.length : close);
      segments.push(inner.startsWith('"') ? String(JSON.parse(inner)) : Number(inner));
      i = close < 0 ? path.length : close + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      segments.push(path.slice(i, end));
      i = end;
    }
  }
  return segments;
}

/** Index of the quote closing the JSON string that opens at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/**
 * The candidate closest to `value` by edit distance, when it is close enough to be a typo
 * (at most one edit per three characters, minimum one; case differences are free).
 */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  const budget = Math.max(1, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `use one of a, b (did you mean "c"?)` — the fix for a name that matches nothing. */
export function useOneOf(value: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return 'none are declared';
  const guess = didYouMean(value, candidates);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return `use one of ${candidates.join(', ')}${hint}`;
}

/** Edit distance counting insertions, deletions, substitutions and adjacent swaps as one. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
