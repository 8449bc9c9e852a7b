// Float formatting as Go's strconv/fmt does it: two-digit exponents (1e+06), %g switching
// to exponent form below 1e-4 and at 1e+06 (shortest) or the precision, +Inf/-Inf/NaN.

/** Go's text for a non-finite number, or undefined for finite ones. */
function nonFinite(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return undefined;
}

/** "1.5e+6" → "1.5e+06" (Go prints at least two exponent digits). */
function goExp(mantissa: string, exp: number, upper: boolean): string {
  const e = `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return mantissa + e;
}

function splitExp(s: string): { mant: string; exp: number } {
  const at = s.indexOf('e');
  return { mant: s.slice(0, at), exp: Number(s.slice(at + 1)) };
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s[end - 1] === '0') end--;
  if (s[end - 1] === '.') end--;
  return s.slice(0, end);
}

/** Go %g (precision undefined = shortest representation). */
export function formatG(v: number, prec: number | undefined, upper = false): string {
  const special = nonFinite(v);
  if (special !== undefined) return special;
  if (v === 0) return '0';
  const p = prec === undefined ? undefined : Math.max(prec, 1);
  const { mant, exp } = splitExp(p === undefined ? v.toExponential() : v.toExponential(p - 1));
  const eprec = p ?? 6;
  if (exp < -4 || exp >= eprec) return goExp(trimZeros(mant), exp, upper);
  return p === undefined ? String(v) : trimZeros(v.toFixed(Math.max(0, p - 1 - exp)));
}

/** %f %F %e %E %g %G with Go's default precision of 6 for %f and %e. */
export function formatFloat(v: number, verb: string, prec: number | undefined): string {
  const special = nonFinite(v);
  if (special !== undefined) return special;
  switch (verb) {
    case 'e': case 'E': {
      const { mant, exp } = splitExp(v.toExponential(Math.min(prec ?? 6, 100)));
      return goExp(mant, exp, verb === 'E');
    }
    case 'g': case 'G': return formatG(v, prec, verb === 'G');
    default: return Math.abs(v) < 1e21 ? toFixedEven(v, Math.min(prec ?? 6, 100)) : formatG(v, undefined);
  }
}

/**
 * toFixed, but an exact tie rounds to even as Go does (%.0f of 2.5 is "2"); JavaScript
 * rounds ties away from zero. toFixed(100) exposes the double's exact decimal expansion.
 */
function toFixedEven(v: number, prec: number): string {
  const rounded = v.toFixed(prec);
  if (prec >= 100) return rounded;
  const exact = v.toFixed(100);
  const keep = exact.indexOf('.') + (prec === 0 ? 0 : prec + 1);
  const rest = exact.slice(keep + (prec === 0 ? 1 : 0));
  if (!/^50*$/.test(rest)) return rounded;
  const truncated = exact.slice(0, keep);
  return Number(truncated.at(-1)) % 2 === 0 ? truncated : rounded;
}
