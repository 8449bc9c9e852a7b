// Go fmt.Sprintf for template `printf`: verbs %v %s %d %q %f %F %e %E %g %G %x %X %o %b %c %t %%,
// flags `-+ 0#`, width and precision. A verb that does not fit its argument is not an error:
// like Go it prints `%!d(string=x)`; missing and extra arguments print `%!d(MISSING)` and
// `%!(EXTRA string=x)`.

import { formatFloat } from './numfmt.js';
import { formatNumber, goQuote, isNil, printValue, typeName, utf8Bytes } from './values.js';

interface Spec { minus: boolean; plus: boolean; space: boolean; zero: boolean; sharp: boolean; width: number; prec: number | undefined; verb: string }

export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) return out + format.slice(i) + extra(args, argi);
    out += format.slice(i, pct);
    const { spec, end } = parseSpec(format, pct + 1);
    i = end;
    if (spec.verb === '%') out += '%';
    else if (spec.verb === '') out += '%!(NOVERB)';
    else if (argi >= args.length) out += `%!${spec.verb}(MISSING)`;
    else out += formatArg(spec, args[argi++]);
  }
  return out + extra(args, argi);
}

function extra(args: readonly unknown[], used: number): string {
  if (used >= args.length) return '';
  return `%!(EXTRA ${args.slice(used).map((a) => (isNil(a) ? '<nil>' : `${typeName(a)}=${printValue(a)}`)).join(', ')})`;
}

function parseSpec(f: string, i: number): { spec: Spec; end: number } {
  const spec: Spec = { minus: false, plus: false, space: false, zero: false, sharp: false, width: 0, prec: undefined, verb: '' };
  for (; i < f.length; i++) {
    const ch = f[i];
    if (ch === '-') spec.minus = true;
    else if (ch === '+') spec.plus = true;
    else if (ch === ' ') spec.space = true;
    else if (ch === '0') spec.zero = true;
    else if (ch === '#') spec.sharp = true;
    else break;
  }
  const w = readInt(f, i);
  spec.width = w.value;
  i = w.end;
  if (f[i] === '.') {
    const p = readInt(f, i + 1);
    spec.prec = p.value;
    i = p.end;
  }
  const cp = f.codePointAt(i);
  if (cp === undefined) return { spec, end: i };
  spec.verb = String.fromCodePoint(cp);
  return { spec, end: i + spec.verb.length };
}

function readInt(f: string, i: number): { value: number; end: number } {
  let value = 0;
  while (i < f.length && f.charCodeAt(i) >= 48 && f.charCodeAt(i) <= 57) value = value * 10 + f.charCodeAt(i++) - 48;
  return { value, end: i };
}

function bad(spec: Spec, v: unknown): string {
  return isNil(v) ? `%!${spec.verb}(<nil>)` : `%!${spec.verb}(${typeName(v)}=${printValue(v)})`;
}

function formatArg(spec: Spec, v: unknown): string {
  switch (spec.verb) {
    case 'v': return pad(spec, isNil(v) ? '<nil>' : typeof v === 'number' ? signed(spec, formatNumber(v)) : printValue(v));
    case 's': return typeof v === 'number' || typeof v === 'boolean' || isNil(v) ? bad(spec, v) : pad(spec, truncate(printValue(v), spec.prec));
    case 'q':
      if (typeof v === 'string') return pad(spec, spec.sharp && !v.includes('`') ? `\`${v}\`` : goQuote(v));
      return Number.isInteger(v) ? pad(spec, goQuote(String.fromCodePoint(v as number), "'")) : bad(spec, v);
    case 't': return typeof v === 'boolean' ? pad(spec, String(v)) : bad(spec, v);
    case 'c': return Number.isInteger(v) ? pad(spec, String.fromCodePoint(v as number)) : bad(spec, v);
    case 'd': case 'o': case 'b': case 'x': case 'X': return formatInteger(spec, v);
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      return typeof v === 'number' ? padNumber(spec, signed(spec, formatFloat(v, spec.verb, spec.prec))) : bad(spec, v);
    default: return bad(spec, v);
  }
}

const RADIX: Record<string, number> = { d: 10, o: 8, b: 2, x: 16, X: 16 };

function formatInteger(spec: Spec, v: unknown): string {
  if ((spec.verb === 'x' || spec.verb === 'X') && typeof v === 'string') {
    const hex = Array.from(utf8Bytes(v), (b) => b.toString(16).padStart(2, '0')).join('');
    return pad(spec, spec.verb === 'X' ? hex.toUpperCase() : hex);
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) return bad(spec, v);
  let digits = Math.abs(v).toString(RADIX[spec.verb] ?? 10);
  if (spec.verb === 'X') digits = digits.toUpperCase();
  if (spec.sharp) digits = ({ o: '0', x: '0x', X: '0X', b: '' }[spec.verb] ?? '') + digits;
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  return padNumber(spec, signed(spec, v < 0 ? `-${digits}` : digits), spec.prec === undefined);
}

/** Adds the `+` or ` ` sign flag to a non-negative number's text. */
function signed(spec: Spec, text: string): string {
  if (text.startsWith('-') || text === 'NaN') return text;
  return spec.plus ? `+${text}` : spec.space ? ` ${text}` : text;
}

function truncate(s: string, prec: number | undefined): string {
  if (prec === undefined) return s;
  return Array.from(s).slice(0, prec).join('');
}

function pad(spec: Spec, s: string): string {
  const n = spec.width - Array.from(s).length;
  if (n <= 0) return s;
  return spec.minus ? s + ' '.repeat(n) : ' '.repeat(n) + s;
}

/** Pads numbers: zero padding goes after the sign (`-0042`), unless `-` left-justifies. */
function padNumber(spec: Spec, s: string, zeroOk = true): string {
  if (!spec.zero || spec.minus || !zeroOk || !/^[-+ ]?[0-9]/.test(s)) return pad(spec, s);
  const sign = /^[-+ ]/.test(s) ? s.slice(0, 1) : '';
  return sign + s.slice(sign.length).padStart(spec.width - sign.length, '0');
}
