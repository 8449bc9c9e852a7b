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
  // Past 101 significant digits only zeros follow for the doubles templates meet, and %g drops them.
  const p = prec === undefined ? undefined : Math.min(Math.max(prec, 1), 101);
  const { mant, exp } = splitExp(p === undefined ? v.toExponential() : v.toExponential(p - 1));
  const eprec = p ?? 6;
  if (exp < -4 || exp >= eprec) return goExp(trimZeros(mant), exp, upper);
  return p === undefined ? String(v) : trimZeros(v.toFixed(Math.min(100, Math.max(0, p - 1 - exp))));
}

/**
 * %f %F %e %E %g %G with Go's default precision of 6 for %f and %e. JavaScript stops at 100
 * digits; past them the zeros that follow are appended (exact for doubles whose decimal
 * expansion is shorter, which covers the numbers templates print).
 */
export function formatFloat(v: number, verb: string, prec: number | undefined): string {
  const special = nonFinite(v);
  if (special !== undefined) return special;
  const p = prec ?? 6;
  const zeros = '0'.repeat(Math.max(0, p - 100));
  switch (verb) {
    case 'e': case 'E': {
      const { mant, exp } = splitExp(v.toExponential(Math.min(p, 100)));
      return goExp(mant + zeros, exp, verb === 'E');
    }
    case 'g': case 'G': return formatG(v, prec, verb === 'G');
    default: return Math.abs(v) < 1e21 ? toFixedEven(v, Math.min(p, 100)) + zeros : formatG(v, undefined);
  }
}

/**
 * Go's %x / %X of a float: `0x1.8p+00`, shortest hex mantissa, or rounded (half to even) to
 * `prec` hex digits.
 */
export function formatHexFloat(v: number, prec: number | undefined, upper: boolean): string {
  const special = nonFinite(v);
  if (special !== undefined) return special;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0 && mant === 0n) exp = 1023; // zero prints as 0x0p+00
  else if (exp === 0) {
    // Subnormal: normalise so the leading 1 sits at bit 52.
    exp = 1;
    while ((mant & (1n << 52n)) === 0n) { mant <<= 1n; exp--; }
    mant &= (1n << 52n) - 1n;
  }
  let lead = v === 0 ? 0n : 1n;
  let digits = 13;
  if (prec !== undefined && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    const half = 1n << (shift - 1n);
    const rest = mant & ((1n << shift) - 1n);
    mant >>= shift;
    if (rest > half || (rest === half && (mant & 1n) === 1n)) mant++;
    if (mant >> BigInt(prec * 4) === 1n) { mant = 0n; lead++; }
    digits = prec;
  }
  if (lead === 2n) { lead = 1n; exp++; }
  let frac = digits === 0 ? '' : mant.toString(16).padStart(digits, '0');
  if (prec === undefined) frac = frac.replace(/0+$/, '');
  else if (prec > 13) frac += '0'.repeat(prec - 13);
  const e = v === 0 ? 0 : exp - 1023;
  const text = `0x${lead}${frac ? `.${frac}` : ''}p${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return (negative ? '-' : '') + (upper ? text.toUpperCase() : text);
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
