// Regular expressions as ARKONIS users write them: the RE2 / Go `regexp` dialect, run by
// re2js (a port of RE2) so matching takes time linear in the text whatever the pattern:
// a pattern from a team author meets model output of any length, and on a backtracking
// engine `^(a+)+$` stalls the process for seconds on 28 characters, doubling per character. Every user-supplied pattern (validate.contains,
// validate.rejectPatterns, template regex functions, JSON Schema `pattern`) compiles here.
// The methods follow Go's semantics, including its treatment of empty matches.
import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { Matcher } from 're2js';

/** A compiled RE2 pattern. Every method runs in time linear in the length of the text. */
export interface Regex {
  /** The pattern as written (Go's Regexp.String). */
  readonly source: string;
  /** Whether the pattern matches somewhere in `text` (Go MatchString). */
  test(text: string): boolean;
  /** The leftmost match, or undefined when there is none (Go FindString returns "" for both). */
  find(text: string): string | undefined;
  /** Successive non-overlapping matches, at most `limit`; a negative limit means all (Go FindAllString). */
  findAll(text: string, limit?: number): string[];
  /** Matches replaced by `template`, where `$1`, `${1}`, `$name`, `${name}` expand to groups and `$$` is `$` (Go ReplaceAllString). */
  replaceAll(text: string, template: string): string;
  /** Matches replaced by `replacement` as is (Go ReplaceAllLiteralString). */
  replaceAllLiteral(text: string, replacement: string): string;
  /** The text around matches, at most `limit` pieces (the last one unsplit); negative means all (Go Split). */
  split(text: string, limit?: number): string[];
  /** The source: ajv keys the patterns of a schema by it, so distinct patterns must differ. */
  toString(): string;
}

/** A pattern RE2 refuses: the message quotes the pattern, `fix` says what to write instead. */
export class RegexError extends Error {
  constructor(readonly pattern: string, reason: string, readonly fix: string, options?: ErrorOptions) {
    super(`invalid regular expression ${quotePattern(pattern)}: ${reason}`, options);
    this.name = 'RegexError';
  }
}

/** Backquoted as written, as Go quotes patterns, so backslashes read as typed; JSON when that would be ambiguous. */
function quotePattern(text: string): string {
  return /[`\p{Cc}]/u.test(text) ? JSON.stringify(text) : `\`${text}\``;
}

/** Compiles an RE2 / Go pattern; throws a RegexError for anything Go's regexp.Compile rejects. */
export function compileRegex(pattern: string): Regex {
  try {
    return new Re2Regex(pattern, RE2JS.compile(pattern));
  } catch (err) {
    if (!(err instanceof RE2JSSyntaxException)) throw err;
    const fragment = err.input ?? '';
    const reason = fragment === '' ? err.error : `${err.error}: ${quotePattern(fragment)}`;
    throw new RegexError(pattern, reason, fixFor(err.error, fragment), { cause: err });
  }
}

/** Go's allMatches: the matcher at each accepted match; an empty match right after a match is skipped. */
function* successiveMatches(matcher: Matcher, text: string, limit: number): Generator<Matcher> {
  let delivered = 0;
  let previousEnd = -1;
  for (let pos = 0; (limit < 0 || delivered < limit) && pos <= text.length;) {
    if (!matcher.find(pos)) return;
    const [start, end] = [matcher.start(), matcher.end()];
    const accept = !(end === pos && start === previousEnd);
    // After an empty match, step over one code point, as Go steps over one rune.
    pos = end === pos ? pos + ((text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1) : end;
    previousEnd = end;
    if (accept) {
      delivered++;
      yield matcher;
    }
  }
}

class Re2Regex implements Regex {
  constructor(readonly source: string, private readonly compiled: RE2JS) {}

  test(text: string): boolean {
    return this.compiled.test(text);
  }

  find(text: string): string | undefined {
    const [first] = this.matches(text, 1);
    return first === undefined ? undefined : text.slice(first.start(), first.end());
  }

  findAll(text: string, limit = -1): string[] {
    const found: string[] = [];
    for (const m of this.matches(text, limit)) found.push(text.slice(m.start(), m.end()));
    return found;
  }

  replaceAll(text: string, template: string): string {
    const expand = parseReplacement(template, this.compiled);
    return this.replace(text, (m) => expand.map((piece) => (typeof piece === 'string' ? piece : (m.group(piece) ?? ''))).join(''));
  }

  replaceAllLiteral(text: string, replacement: string): string {
    return this.replace(text, () => replacement);
  }

  split(text: string, limit = -1): string[] {
    if (limit === 0) return [];
    if (this.source !== '' && text === '') return [''];
    const pieces: string[] = [];
    let [begin, end] = [0, 0];
    for (const m of this.matches(text, limit)) {
      if (limit > 0 && pieces.length === limit - 1) break;
      end = m.start();
      if (m.end() !== 0) pieces.push(text.slice(begin, end));
      begin = m.end();
    }
    if (end !== text.length) pieces.push(text.slice(begin));
    return pieces;
  }

  toString(): string {
    return this.source;
  }

  /**
   * Successive matches. The capture-free test runs first because it is several times faster
   * than the search that records positions, and most checks of model output find nothing.
   */
  private matches(text: string, limit: number): Iterable<Matcher> {
    return this.compiled.test(text) ? successiveMatches(this.compiled.matcher(text), text, limit) : [];
  }

  private replace(text: string, replacement: (m: Matcher) => string): string {
    let out = '';
    let copiedUpTo = 0;
    for (const m of this.matches(text, -1)) {
      out += text.slice(copiedUpTo, m.start()) + replacement(m);
      copiedUpTo = m.end();
    }
    return out + text.slice(copiedUpTo);
  }
}

/** A replacement template as literal text and group numbers (Go Regexp.Expand). */
type TemplatePiece = string | number;

/** Go's name rule: letters, digits and `_`; `${name}` needs its closing brace. */
const REFERENCE = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u;

function parseReplacement(template: string, compiled: RE2JS): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let rest = template;
  for (let dollar = rest.indexOf('$'); dollar >= 0; dollar = rest.indexOf('$')) {
    pieces.push(rest.slice(0, dollar));
    rest = rest.slice(dollar + 1);
    const reference = REFERENCE.exec(rest);
    if (rest.startsWith('$') || reference === null) {
      // `$$` is a dollar; a `$` not followed by a name is kept as text, as in Go.
      pieces.push('$');
      if (rest.startsWith('$')) rest = rest.slice(1);
      continue;
    }
    pieces.push(groupNumber(reference[1] ?? reference[2] ?? '', compiled) ?? '');
    rest = rest.slice(reference[0].length);
  }
  pieces.push(rest);
  return pieces;
}

/** A group by number or name; undefined when there is no such group (Go expands it to ""). */
function groupNumber(name: string, compiled: RE2JS): number | undefined {
  // Go reads a name of digits without a leading zero as a group number.
  const number = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : compiled.namedGroups()[name];
  return number !== undefined && number <= compiled.groupCount() ? number : undefined;
}

const LOOKAROUND_FIX = 'RE2 has no lookahead or lookbehind (it matches in linear time): match the text itself, '
  + 'or check what must not appear with a separate pattern (for a step\'s output, validate.rejectPatterns)';
const BACKREFERENCE_FIX = 'RE2 has no backreferences (\\1, \\k<name>, (?P=name)): match the repeated text explicitly';
const POSIX_CLASSES = 'alnum, alpha, ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, word, xdigit';

/** What to write instead, from RE2's error code and the fragment it points at. */
function fixFor(code: string, fragment: string): string {
  if (/^\(\?<?[=!]/.test(fragment)) return LOOKAROUND_FIX;
  if (/^\\[1-9k]/.test(fragment)) return BACKREFERENCE_FIX;
  if (fragment === '(?P') return `${BACKREFERENCE_FIX}; a named group is (?P<name>…)`;
  if (fragment.startsWith('(?>')) return 'RE2 has no atomic groups; it never backtracks, so write (?:…)';
  if (fragment.startsWith('(?#')) return 'RE2 has no (?#…) comments; remove them';
  if (fragment === '\\Z') return 'write \\z for the end of the text';
  if (fragment === '\\u') return 'write a code point as \\x{00E9}, not \\u00E9';
  if (/^\[:\^?[a-z]*:\]$/.test(fragment)) return `POSIX classes are [[:name:]] or [[:^name:]] with name one of ${POSIX_CLASSES}`;
  switch (code) {
    case 'invalid nested repetition operator':
      return /[*+?}]\+$/.test(fragment)
        ? 'RE2 has no possessive quantifiers; it never backtracks, so write a+ for a++'
        : 'use one repetition operator, or group first: (a*)+';
    case 'invalid or unsupported Perl syntax': return 'RE2 group flags are i, m, s and U, as in (?i) or (?i:…)';
    case 'invalid named capture': return 'name a group with letters, digits and _, as in (?P<year>\\d{4})';
    case 'invalid repeat count': return 'RE2 repeat counts are at most 1000, with min ≤ max: {2,5}';
    case 'duplicate capture group name': return 'give every named group its own name';
    case 'invalid escape sequence': return 'escape only punctuation or RE2 escapes (\\d \\s \\w \\b \\pL \\x{…} \\A \\z \\Q…\\E)';
    default: return 'close every ( and [, and escape literal metacharacters with \\ (RE2 syntax: https://github.com/google/re2/wiki/Syntax)';
  }
}
