// Parser state shared by the statement parser and the pipeline parser: the token stream,
// the variables in scope (Go checks variable names at parse time) and the range depth.

import { TemplateError } from './errors.js';
import type { Token, TokenKind } from './lexer.js';

const MAX_DEPTH = 100;

export class Cursor {
  private i = 0;
  /** Variables visible at this point; `$` (the root data) is always in scope. */
  readonly vars: string[] = ['$'];
  /** How many `range` bodies enclose this point (break/continue need one). */
  rangeDepth = 0;
  /** Nesting of control structures and parentheses, bounded so hostile input cannot overflow the stack. */
  private depth = 0;

  constructor(readonly src: string, private readonly toks: readonly Token[]) {}

  peek(ahead = 0): Token {
    const t = this.toks[this.i + ahead] ?? this.toks[this.toks.length - 1];
    if (!t) throw new Error('token stream without eof');
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  /** Consumes a token of `kind` or fails with `what` describing what was expected. */
  expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(`expected ${what}, found ${describe(t)}`, t.pos);
    return this.next();
  }

  /** Runs `body` one nesting level deeper; fails past MAX_DEPTH levels. */
  nested<T>(pos: number, body: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels: split the template`, pos);
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  fail(reason: string, pos: number): never {
    throw new TemplateError(reason, this.src, pos);
  }

  /** Pops variables declared since `mark` (end of a control structure's scope). */
  popVars(mark: number): void {
    this.vars.length = mark;
  }

  hasVar(name: string): boolean {
    return this.vars.includes(name);
  }
}

/** A token as users would recognise it in an error message. */
export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of template';
    case 'close': return '"}}"';
    case 'open': return '"{{"';
    case 'text': return 'text';
    case 'string': return `string ${JSON.stringify(t.value)}`;
    case 'field': return `field ".${t.value}"`;
    default: return `"${t.value}"`;
  }
}
