// Regular expressions as ARKONIS users write them: RE2 / Go syntax, compiled to JS RegExp.
// Translated: a leading inline flag group `(?ims)` → JS flags; `\A` / `\z` → start / end of
// text; `(?P<name>` → `(?<name>`; `\Q…\E` literal text; POSIX classes `[[:alpha:]]`;
// `\pL` / `\p{Greek}` Unicode classes (which switch on the `u` flag); escaped punctuation.
// Go constructs with no JS equivalent are rejected with an Error naming them. The
// translation is a single left-to-right scan, so it runs in linear time.

const SUPPORTED_FLAGS = new Set(['i', 'm', 's']);
/** Characters JS accepts after `\` in unicode mode; other escaped punctuation becomes literal. */
const JS_SYNTAX_CHARS = new Set([...'^$\\.*+?()[]{}|/']);
const GENERAL_CATEGORY = /^[A-Z][a-z]?$/;

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '\\w', xdigit: '0-9A-Fa-f',
};

/** Compiles an RE2/Go pattern; throws an Error that quotes the pattern and names the problem. */
export function compileRegex(pattern: string): RegExp {
  try {
    const { flags, rest } = leadingFlags(pattern);
    const translation = translate(rest, flags.includes('m'));
    const allFlags = flags + (translation.unicode ? 'u' : '');
    return new RegExp(translation.source, allFlags);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(err);
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${reason}`, { cause: err });
  }
}

function leadingFlags(pattern: string): { flags: string; rest: string } {
  const match = /^\(\?([A-Za-z]+)\)/.exec(pattern);
  if (match === null) return { flags: '', rest: pattern };
  const letters = [...new Set(match[1] ?? '')];
  for (const letter of letters) {
    if (letter === 'U') throw new Error('the ungreedy flag (?U) has no JavaScript equivalent; use lazy quantifiers such as .*?');
    if (!SUPPORTED_FLAGS.has(letter)) throw new Error(`unknown inline flag "${letter}" (supported: i, m, s)`);
  }
  return { flags: letters.sort().join(''), rest: pattern.slice(match[0].length) };
}

interface Translation { source: string; unicode: boolean }

function translate(pattern: string, multiline: boolean): Translation {
  let out = '';
  let unicode = false;
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] ?? '';
    if (ch === '\\') {
      const escape = translateEscape(pattern, i, inClass, multiline);
      out += escape.text;
      unicode ||= escape.unicode;
      i = escape.next;
    } else if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i, i + 12));
      if (posix !== null) {
        out += posixClass(posix[2] ?? '', posix[1] === '^');
        i += posix[0].length;
      } else {
        if (ch === ']') inClass = false;
        out += ch;
        i++;
      }
    } else if (ch === '[') {
      inClass = true;
      const negated = pattern[i + 1] === '^';
      out += negated ? '[^' : '[';
      i += negated ? 2 : 1;
      // In RE2 a `]` right after the opening bracket is a literal; JS would end the class.
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
    } else if (ch === '(' && pattern[i + 1] === '?') {
      const group = translateGroupOpening(pattern, i);
      out += group.text;
      i = group.next;
    } else {
      out += ch;
      i++;
    }
  }
  if (inClass) throw new Error('missing closing ]');
  return { source: out, unicode };
}

interface Piece { text: string; next: number; unicode: boolean }

function translateEscape(pattern: string, at: number, inClass: boolean, multiline: boolean): Piece {
  const next = pattern[at + 1];
  if (next === undefined) throw new Error('trailing backslash');
  const plain = (text: string, length = 2): Piece => ({ text, next: at + length, unicode: false });
  switch (next) {
    case 'A': return plain(multiline ? '(?<![\\s\\S])' : '^');
    case 'z': return plain(multiline ? '(?![\\s\\S])' : '$');
    case 'Z': throw new Error('\\Z is not RE2 syntax; use \\z for the end of the text');
    case 'C': throw new Error('\\C (any byte) has no JavaScript equivalent');
    case 'Q': return quotedLiteral(pattern, at);
    case 'p': case 'P': return unicodeClass(pattern, at, next);
  }
  if (/[A-Za-z0-9\s]/.test(next) || JS_SYNTAX_CHARS.has(next) || (inClass && next === '-')) return plain(`\\${next}`);
  return plain(next);
}

/** `\Q…\E`: everything between is literal text. */
function quotedLiteral(pattern: string, at: number): Piece {
  const end = pattern.indexOf('\\E', at + 2);
  const literal = pattern.slice(at + 2, end < 0 ? pattern.length : end);
  const escaped = [...literal].map((c) => (JS_SYNTAX_CHARS.has(c) ? `\\${c}` : c)).join('');
  return { text: escaped, next: end < 0 ? pattern.length : end + 2, unicode: false };
}

/** `\pL`, `\p{Lu}`, `\p{Greek}` → JS `\p{L}`, `\p{Lu}`, `\p{Script=Greek}`. */
function unicodeClass(pattern: string, at: number, letter: 'p' | 'P'): Piece {
  let name: string;
  let next: number;
  if (pattern[at + 2] === '{') {
    const close = pattern.indexOf('}', at + 3);
    if (close < 0) throw new Error(`missing } after \\${letter}{`);
    name = pattern.slice(at + 3, close);
    next = close + 1;
  } else {
    name = pattern[at + 2] ?? '';
    next = at + 3;
  }
  const negate = name.startsWith('^');
  if (negate) name = name.slice(1);
  if (!/^[A-Za-z_]+$/.test(name)) throw new Error(`invalid Unicode class \\${letter}{${name}}`);
  const property = GENERAL_CATEGORY.test(name) ? name : `Script=${name}`;
  const effective = (letter === 'P') !== negate ? 'P' : 'p';
  return { text: `\\${effective}{${property}}`, next, unicode: true };
}

function posixClass(name: string, negated: boolean): string {
  const range = POSIX_CLASSES[name];
  if (range === undefined) throw new Error(`unknown POSIX class [:${name}:]`);
  if (negated) throw new Error(`negated POSIX class [:^${name}:] is not supported; use [^[:${name}:]]`);
  return range;
}

/** Group openings: `(?P<name>` is renamed, inline flags are only allowed at the very start. */
function translateGroupOpening(pattern: string, at: number): { text: string; next: number } {
  if (pattern.startsWith('(?P<', at)) return { text: '(?<', next: at + 4 };
  const flagGroup = /^\(\?[A-Za-z-]+[:)]/.exec(pattern.slice(at, at + 16));
  if (flagGroup !== null) {
    throw new Error(`inline flags ${flagGroup[0]} are supported only as a group at the start of the pattern, e.g. (?i)`);
  }
  return { text: '(?', next: at + 2 };
}
