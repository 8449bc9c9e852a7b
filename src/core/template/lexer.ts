// Lexer: splits a template into text and the tokens inside `{{ }}` actions, following Go
// text/template's lexer (trim markers, comments, literals). A single forward scan with
// charCodeAt and indexOf: no regular expressions, so no backtracking on hostile input.

import { TemplateError } from './errors.js';
import { decodeChar, decodeQuoted, scanNumber } from './literals.js';

export type TokenKind =
  | 'text' | 'open' | 'close' | 'field' | 'variable' | 'ident' | 'string' | 'number'
  | 'bool' | 'nil' | 'dot' | 'pipe' | 'lparen' | 'rparen' | 'comma' | 'declare' | 'assign' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Offset of the token's first character in the source. */
  readonly pos: number;
  /** Text for 'text', name for 'field' (no dot), 'variable' (with $) and 'ident'; decoded 'string'. */
  readonly value: string;
  /** Numeric value of 'number' tokens; 1/0 for 'bool'. */
  readonly num: number;
  /** Whether whitespace separates this token from the previous one (`(x).f` vs `(x) .f`). */
  readonly space: boolean;
}

const OPEN = '{{';
const CLOSE = '}}';

/** Go's isSpace for actions and trimming: space, tab, CR, LF. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** Letters, digits and '_' (Unicode-aware, ASCII fast path). */
export function isAlnum(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

function trimRightSpace(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

function trimLeftSpace(s: string): string {
  let start = 0;
  while (start < s.length && isSpace(s.charCodeAt(start))) start++;
  return s.slice(start);
}

/** Tokenizes the whole template; throws TemplateError on lexical errors. */
export function lex(src: string): Token[] {
  const toks: Token[] = [];
  const tok = (kind: TokenKind, pos: number, value = '', num = 0, space = false): void => {
    toks.push({ kind, pos, value, num, space });
  };
  let pos = 0;
  let trimNext = false;
  while (pos < src.length) {
    const open = src.indexOf(OPEN, pos);
    const textEnd = open < 0 ? src.length : open;
    const trimPrev = open >= 0 && src.charCodeAt(open + 2) === 45 && isSpace(src.charCodeAt(open + 3));
    let text = src.slice(pos, textEnd);
    if (trimNext) text = trimLeftSpace(text);
    if (trimPrev) text = trimRightSpace(text);
    if (text.length > 0) tok('text', pos, text);
    if (open < 0) break;
    const inner = open + (trimPrev ? 4 : 2);
    const end = src.startsWith('/*', inner) ? lexComment(src, open, inner) : lexAction(src, open, inner, toks);
    pos = end.next;
    trimNext = end.trim;
  }
  tok('eof', src.length);
  return toks;
}

interface ActionEnd {
  /** Offset just past the closing delimiter. */
  next: number;
  /** Whether the close was ` -}}`, trimming the following text. */
  trim: boolean;
}

/** Closing delimiter at `p` (`}}` or space + `-}}`), or undefined. */
function closeAt(src: string, p: number): ActionEnd | undefined {
  if (src.startsWith(CLOSE, p)) return { next: p + 2, trim: false };
  if (isSpace(src.charCodeAt(p)) && src.charCodeAt(p + 1) === 45 && src.startsWith(CLOSE, p + 2)) {
    return { next: p + 4, trim: true };
  }
  return undefined;
}

function lexComment(src: string, open: number, inner: number): ActionEnd {
  const stop = src.indexOf('*/', inner + 2);
  if (stop < 0) throw new TemplateError('unclosed comment: add "*/}}" to end it', src, open);
  const end = closeAt(src, stop + 2);
  if (!end) throw new TemplateError('comment ends before closing delimiter: write "*/}}"', src, stop);
  return end;
}

function lexAction(src: string, open: number, start: number, toks: Token[]): ActionEnd {
  toks.push({ kind: 'open', pos: open, value: '', num: 0, space: false });
  let p = start;
  let space = true;
  const push = (kind: TokenKind, pos: number, value: string, num = 0): void => {
    toks.push({ kind, pos, value, num, space });
    space = false;
  };
  for (;;) {
    const end = closeAt(src, p);
    if (end) {
      toks.push({ kind: 'close', pos: p, value: '', num: 0, space });
      return end;
    }
    if (p >= src.length) throw new TemplateError('unclosed action: add "}}" to close it', src, open);
    const c = src.charCodeAt(p);
    if (isSpace(c)) {
      p++;
      space = true;
      continue;
    }
    p = lexToken(src, p, c, push);
  }
}

type Push = (kind: TokenKind, pos: number, value: string, num?: number) => void;

/** Lexes one token starting at `p` (character code `c`); returns the offset after it. */
function lexToken(src: string, p: number, c: number, push: Push): number {
  const next = src.charCodeAt(p + 1);
  switch (c) {
    case 124: push('pipe', p, '|'); return p + 1;
    case 40: push('lparen', p, '('); return p + 1;
    case 41: push('rparen', p, ')'); return p + 1;
    case 44: push('comma', p, ','); return p + 1;
    case 61: push('assign', p, '='); return p + 1;
    case 58:
      if (next !== 61) throw new TemplateError('expected ":=" after ":"', src, p);
      push('declare', p, ':=');
      return p + 2;
    case 34: case 96: {
      const { value, end } = decodeQuoted(src, p);
      push('string', p, value);
      return end;
    }
    case 39: {
      const { value, end } = decodeChar(src, p);
      push('number', p, String(value), value);
      return end;
    }
    case 36: return lexName(src, p, p + 1, 'variable', push);
    case 46:
      if (next >= 48 && next <= 57) return lexNumber(src, p, push);
      if (isAlnum(next)) return lexName(src, p, p + 1, 'field', push);
      push('dot', p, '.');
      return checkTerminator(src, p + 1);
  }
  if (c === 43 || c === 45 || (c >= 48 && c <= 57)) return lexNumber(src, p, push);
  if (isAlnum(c)) return lexName(src, p, p, 'ident', push);
  throw new TemplateError(`unrecognized character in action: ${JSON.stringify(src[p])}`, src, p);
}

function lexNumber(src: string, p: number, push: Push): number {
  const { value, end } = scanNumber(src, p);
  push('number', p, src.slice(p, end), value);
  return end;
}

/** Identifiers, `.field` and `$var`; `nameStart` is where the alphanumeric run begins. */
function lexName(src: string, p: number, nameStart: number, kind: TokenKind, push: Push): number {
  let e = nameStart;
  while (e < src.length && isAlnum(src.charCodeAt(e))) e++;
  const name = src.slice(kind === 'field' ? nameStart : p, e);
  if (kind === 'ident' && (name === 'true' || name === 'false')) push('bool', p, name, name === 'true' ? 1 : 0);
  else if (kind === 'ident' && name === 'nil') push('nil', p, name);
  else push(kind, p, name);
  return checkTerminator(src, e);
}

/** After a name, Go requires a delimiter-like character (so `.x"y"` is an error). */
function checkTerminator(src: string, p: number): number {
  if (p >= src.length) return p;
  const c = src.charCodeAt(p);
  if (isSpace(c) || c === 46 || c === 44 || c === 124 || c === 58 || c === 41 || c === 40 || c === 61) return p;
  if (src.startsWith(CLOSE, p)) return p;
  throw new TemplateError(`bad character ${JSON.stringify(src[p])} after name; separate arguments with spaces`, src, p);
}
