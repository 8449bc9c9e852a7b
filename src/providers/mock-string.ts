// Minimal strings for the mock provider's schema instances: formats, length bounds and
// patterns. Patterns are best effort: a tiny generator covering literals, escapes,
// classes, groups with alternation and quantifiers, then a few fixed candidates, each
// verified with the RE2 engine that checks the schema (src/core/regex.ts). If nothing fits,
// the documented fallback is "a" repeated minLength times (at least once).
import { compileRegex, type Regex } from '../core/regex.js';
import type { JsonSchema } from './types.js';

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  uri: 'https://example.com',
  'uri-reference': 'https://example.com',
  iri: 'https://example.com',
  url: 'https://example.com',
  uuid: '00000000-0000-0000-0000-000000000000',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  duration: 'P1D',
};

const CANDIDATES = ['', 'a', 'A', '0', 'a0', 'abc', 'ABC', '123', 'example', 'a-b', 'a_b', 'a.b', 'a@b.co'];

export function minimalString(schema: JsonSchema): string {
  const min = numberOf(schema.minLength) ?? 0;
  const max = numberOf(schema.maxLength) ?? Infinity;
  const format = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined;
  const pattern = typeof schema.pattern === 'string' ? compile(schema.pattern) : undefined;
  const fits = (s: string) => s.length >= min && s.length <= max && (!pattern || pattern.test(s));
  const seeds = [format, pattern ? generate(pattern.source) : undefined, ...CANDIDATES];
  for (const seed of seeds) {
    if (seed === undefined) continue;
    for (const candidate of [seed, pad(seed, min, max)]) if (fits(candidate)) return candidate;
  }
  return 'a'.repeat(Math.max(1, min));
}

function pad(s: string, min: number, max: number): string {
  const last = s.at(-1) ?? 'a';
  const padded = s.length < min ? s + last.repeat(min - s.length) : s;
  return padded.length > max ? padded.slice(0, max) : padded;
}

function compile(pattern: string): Regex | undefined {
  try {
    return compileRegex(pattern);
  } catch {
    return undefined;
  }
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const ESCAPES: Record<string, string> = { d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a', n: '\n', t: '\t' };

/** One string the pattern likely matches; the caller verifies it. */
export function generate(pattern: string): string {
  let pos = 0;
  const alternatives = (): string => {
    const first = sequence();
    while (pattern[pos] === '|') {
      pos++;
      sequence();
    }
    return first;
  };
  const sequence = (): string => {
    let out = '';
    while (pos < pattern.length && pattern[pos] !== '|' && pattern[pos] !== ')') {
      const atom_ = atom();
      out += atom_.repeat(quantifier());
    }
    return out;
  };
  const atom = (): string => {
    const ch = pattern[pos++] ?? '';
    if (ch === '^' || ch === '$') return '';
    if (ch === '.') return 'a';
    if (ch === '\\') {
      const next = pattern[pos++] ?? '';
      return ESCAPES[next] ?? next;
    }
    if (ch === '[') return charClass();
    if (ch === '(') {
      if (pattern[pos] === '?') pos += pattern[pos + 1] === '<' && pattern[pos + 2] !== '=' && pattern[pos + 2] !== '!' ? pattern.indexOf('>', pos) - pos + 1 : 2;
      const inner = alternatives();
      pos++; // ')'
      return inner;
    }
    return ch;
  };
  const charClass = (): string => {
    const negated = pattern[pos] === '^';
    if (negated) pos++;
    let first: string | undefined;
    while (pos < pattern.length && pattern[pos] !== ']') {
      const ch = pattern[pos++] ?? '';
      const value = ch === '\\' ? (ESCAPES[pattern[pos] ?? ''] ?? pattern[pos] ?? '') : ch;
      if (ch === '\\') pos++;
      first ??= value;
    }
    pos++; // ']'
    return negated ? (first === 'a' ? 'b' : 'a') : (first ?? '');
  };
  const quantifier = (): number => {
    const ch = pattern[pos];
    let count = 1;
    if (ch === '?' || ch === '*') [count, pos] = [0, pos + 1];
    else if (ch === '+') pos++;
    else if (ch === '{') {
      const close = pattern.indexOf('}', pos);
      const lower = Number(pattern.slice(pos + 1, close).split(',')[0]);
      if (close > pos && Number.isInteger(lower)) [count, pos] = [lower, close + 1];
    }
    if (pattern[pos] === '?' || pattern[pos] === '+') pos++; // lazy / possessive suffix
    return count;
  };
  return alternatives();
}
