// Go fmt.Sprintf for template `printf`: the directive syntax — flags `-+ #0`, width and
// precision (digits or `*` from an argument), explicit argument indexes `%[2]d` — and Go's
// error texts: a verb that does not fit prints `%!d(string=x)`, missing, extra and badly
// indexed arguments print `%!d(MISSING)`, `%!(EXTRA string=x)`, `%!d(BADINDEX)`, and bad
// `*` arguments `%!(BADWIDTH)` / `%!(BADPREC)`. Nothing here throws. The verbs themselves
// are in printf-verbs.ts.

import type { Spec } from './printf-verbs.js';
import { formatArg } from './printf-verbs.js';
import { isNil, printValue, typeName } from './values.js';

/** Formats `args` by `format` as Go's fmt.Sprintf does (see the header for the syntax). */
export function sprintf(format: string, args: readonly unknown[]): string {
  const st: State = { format, args, i: 0, argNum: 0, reordered: false, goodArgNum: true, out: '' };
  while (st.i < format.length) {
    const pct = format.indexOf('%', st.i);
    if (pct < 0) {
      st.out += format.slice(st.i);
      break;
    }
    st.out += format.slice(st.i, pct);
    st.i = pct + 1;
    directive(st);
  }
  if (!st.reordered && st.argNum < args.length) st.out += extra(args.slice(st.argNum));
  return st.out;
}

interface State {
  readonly format: string;
  readonly args: readonly unknown[];
  /** Read position in format. */
  i: number;
  /** The next argument to use. */
  argNum: number;
  /** Whether an explicit index was used (then unused arguments are not reported). */
  reordered: boolean;
  /** False after an index that names no argument. */
  goodArgNum: boolean;
  out: string;
}

function extra(rest: readonly unknown[]): string {
  return `%!(EXTRA ${rest.map((a) => (isNil(a) ? '<nil>' : `${typeName(a)}=${printValue(a)}`)).join(', ')})`;
}

function newSpec(): Spec {
  return { minus: false, plus: false, space: false, zero: false, sharp: false, width: undefined, prec: undefined, verb: '' };
}

/** One directive after its `%`. */
function directive(st: State): void {
  const spec = newSpec();
  st.goodArgNum = true;
  flags(st, spec);
  argIndex(st);
  spec.width = st.format[st.i] === '*' ? star(st, spec, 'BADWIDTH') : digits(st);
  if (st.format[st.i] === '.') {
    st.i++;
    argIndex(st);
    spec.prec = st.format[st.i] === '*' ? star(st, spec, 'BADPREC') : (digits(st) ?? 0);
  }
  argIndex(st);
  const cp = st.format.codePointAt(st.i);
  if (cp === undefined) {
    st.out += '%!(NOVERB)';
    return;
  }
  spec.verb = String.fromCodePoint(cp);
  st.i += spec.verb.length;
  if (spec.verb === '%') st.out += '%';
  else if (!st.goodArgNum) st.out += `%!${spec.verb}(BADINDEX)`;
  else if (st.argNum >= st.args.length) st.out += `%!${spec.verb}(MISSING)`;
  else st.out += formatArg(spec, st.args[st.argNum++]);
}

function flags(st: State, spec: Spec): void {
  for (; st.i < st.format.length; st.i++) {
    switch (st.format[st.i]) {
      case '-': spec.minus = true; spec.zero = false; break;
      case '+': spec.plus = true; break;
      case ' ': spec.space = true; break;
      case '0': spec.zero = !spec.minus; break;
      case '#': spec.sharp = true; break;
      default: return;
    }
  }
}

/** Reads decimal digits; undefined when there are none. */
function digits(st: State): number | undefined {
  const start = st.i;
  let n = 0;
  while (st.i < st.format.length && st.format.charCodeAt(st.i) >= 48 && st.format.charCodeAt(st.i) <= 57) {
    n = Math.min(n * 10 + st.format.charCodeAt(st.i++) - 48, 1e6);
  }
  return st.i > start ? n : undefined;
}

/** `[n]`: the next argument is the n-th (1-based); an index naming no argument is BADINDEX. */
function argIndex(st: State): void {
  if (st.format[st.i] !== '[') return;
  st.reordered = true;
  const close = st.format.indexOf(']', st.i);
  const n = close < 0 ? NaN : Number(st.format.slice(st.i + 1, close));
  if (!Number.isInteger(n) || n < 1 || n > st.args.length || st.format.slice(st.i + 1, close).trim() === '') {
    st.goodArgNum = false;
    st.i = close < 0 ? st.format.length : close + 1;
    return;
  }
  st.argNum = n - 1;
  st.i = close + 1;
}

/** `*` (at st.i): width or precision from the next argument, which must be an integer. */
function star(st: State, spec: Spec, bad: 'BADWIDTH' | 'BADPREC'): number | undefined {
  st.i++;
  const v = st.argNum < st.args.length ? st.args[st.argNum++] : undefined;
  const ok = typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 1e6 && !(bad === 'BADPREC' && v < 0);
  if (!ok) {
    st.out += `%!(${bad})`;
    return undefined;
  }
  if (bad === 'BADPREC') return v;
  if (v < 0) {
    spec.minus = true;
    spec.zero = false;
  }
  argIndex(st);
  return Math.abs(v);
}
