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
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** Letters, digits and '_' (Unicode-aware, ASCII fast path). */
function isAlnum(c: number): boolean {
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
  return new Lexer(src).run();
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

/** One pass over the source; a class rather than closures so a lex allocates little. */
class Lexer {
  private readonly toks: Token[] = [];
  /** Whether whitespace precedes the next token inside an action. */
  private space = false;

  constructor(private readonly src: string) {}

  run(): Token[] {
    const src = this.src;
    let pos = 0;
    let trimNext = false;
    while (pos < src.length) {
      const open = src.indexOf(OPEN, pos);
      const textEnd = open < 0 ? src.length : open;
      const trimPrev = open >= 0 && src.charCodeAt(open + 2) === 45 && isSpace(src.charCodeAt(open + 3));
      let text = src.slice(pos, textEnd);
      if (trimNext) text = trimLeftSpace(text);
      if (trimPrev) text = trimRightSpace(text);
      if (text.length > 0) this.push('text', pos, text);
      if (open < 0) break;
      const inner = open + (trimPrev ? 4 : 2);
      const end = src.startsWith('/*', inner) ? lexComment(src, open, inner) : this.action(open, inner);
      pos = end.next;
      trimNext = end.trim;
    }
    this.push('eof', src.length, '');
    return this.toks;
  }

  private push(kind: TokenKind, pos: number, value: string, num = 0): void {
    this.toks.push({ kind, pos, value, num, space: this.space });
    this.space = false;
  }

  private action(open: number, start: number): ActionEnd {
    const src = this.src;
    this.space = false;
    this.push('open', open, '');
    this.space = true;
    let p = start;
    for (;;) {
      const end = closeAt(src, p);
      if (end) {
        this.push('close', p, '');
        return end;
      }
      if (p >= src.length) throw new TemplateError('unclosed action: add "}}" to close it', src, open);
      const c = src.charCodeAt(p);
      if (isSpace(c)) {
        p++;
        this.space = true;
        continue;
      }
      p = this.token(p, c);
    }
  }

  /** Lexes one token starting at `p` (character code `c`); returns the offset after it. */
  private token(p: number, c: number): number {
    const src = this.src;
    const next = src.charCodeAt(p + 1);
    switch (c) {
      case 124: this.push('pipe', p, '|'); return p + 1;
      case 40: this.push('lparen', p, '('); return p + 1;
      case 41: this.push('rparen', p, ')'); return p + 1;
      case 44: this.push('comma', p, ','); return p + 1;
      case 61: this.push('assign', p, '='); return p + 1;
      case 58:
        if (next !== 61) throw new TemplateError('expected ":=" after ":"', src, p);
        this.push('declare', p, ':=');
        return p + 2;
      case 34: case 96: {
        const { value, end } = decodeQuoted(src, p);
        this.push('string', p, value);
        return end;
      }
      case 39: {
        const { value, end } = decodeChar(src, p);
        this.push('number', p, String(value), value);
        return end;
      }
      case 36: return this.name(p, p + 1, 'variable');
      case 46:
        if (next >= 48 && next <= 57) return this.number(p);
        if (isAlnum(next)) return this.name(p, p + 1, 'field');
        this.push('dot', p, '.');
        return checkTerminator(src, p + 1);
    }
    if (c === 43 || c === 45 || (c >= 48 && c <= 57)) return this.number(p);
    if (isAlnum(c)) return this.name(p, p, 'ident');
    throw new TemplateError(`unrecognized character in action: ${JSON.stringify(src[p])}`, src, p);
  }

  private number(p: number): number {
    const { value, end } = scanNumber(this.src, p);
    this.push('number', p, this.src.slice(p, end), value);
    return end;
  }

  /** Identifiers, `.field` and `$var`; `nameStart` is where the alphanumeric run begins. */
  private name(p: number, nameStart: number, kind: TokenKind): number {
    const src = this.src;
    let e = nameStart;
    while (e < src.length && isAlnum(src.charCodeAt(e))) e++;
    const name = src.slice(kind === 'field' ? nameStart : p, e);
    if (kind === 'ident' && (name === 'true' || name === 'false')) this.push('bool', p, name, name === 'true' ? 1 : 0);
    else if (kind === 'ident' && name === 'nil') this.push('nil', p, name);
    else this.push(kind, p, name);
    return checkTerminator(src, e);
  }
}

/** After a name, Go requires a delimiter-like character (so `.x"y"` is an error). */
function checkTerminator(src: string, p: number): number {
  if (p >= src.length) return p;
  const c = src.charCodeAt(p);
  if (isSpace(c) || c === 46 || c === 44 || c === 124 || c === 58 || c === 41 || c === 40 || c === 61) return p;
  if (src.startsWith(CLOSE, p)) return p;
  throw new TemplateError(`bad character ${JSON.stringify(src[p])} after name; separate arguments with spaces`, src, p);
}
