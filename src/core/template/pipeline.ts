// Pipeline parser: `$x := cmd arg | cmd arg`, operands, parenthesised sub-pipelines and
// field chains. Function names and arities are checked here, so a bad template is
// rejected when it is parsed (at admission) rather than when a run reaches it.

import type { Arg, Command, Pipeline } from './ast.js';
import { describe } from './cursor.js';
import type { Cursor } from './cursor.js';
import { closeMatches } from './errors.js';
import { FUNCS } from './funcs.js';

export type PipeContext = 'action' | 'if' | 'with' | 'range' | 'parenthesised pipeline';

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** Parses a pipeline up to (not including) the closing `}}` or `)`. */
export function parsePipeline(c: Cursor, context: PipeContext): Pipeline {
  const pos = c.peek().pos;
  const { decl, isAssign } = parseDecl(c, context);
  const cmds: Command[] = [];
  for (;;) {
    cmds.push(parseCommand(c, cmds.length > 0));
    if (c.peek().kind !== 'pipe') break;
    c.next();
    // Go accepts a trailing "|" before the end of the pipeline: `{{ .x | }}`.
    if (c.peek().kind === 'close' || c.peek().kind === 'rparen') break;
  }
  for (const name of decl) if (!isAssign) c.vars.push(name);
  return { pos, decl, isAssign, cmds };
}

function parseDecl(c: Cursor, context: PipeContext): { decl: string[]; isAssign: boolean } {
  const decl: string[] = [];
  while (c.peek().kind === 'variable') {
    const v = c.peek();
    const after = c.peek(1).kind;
    if (after === 'declare' || after === 'assign') {
      if (after === 'assign') {
        const undeclared = [...decl, v.value].find((name) => !c.hasVar(name));
        if (undeclared) c.fail(`undefined variable "${undeclared}": declare it first with ":="`, v.pos);
      }
      c.next();
      c.next();
      decl.push(v.value);
      return { decl, isAssign: after === 'assign' };
    }
    if (after !== 'comma') break;
    if (context !== 'range' || decl.length > 0) c.fail(`too many declarations in ${context}`, v.pos);
    c.next();
    c.next();
    decl.push(v.value);
    if (c.peek().kind !== 'variable') c.fail('range can only initialize variables: write "$i, $v :="', c.peek().pos);
  }
  if (decl.length > 0) c.fail(`expected ":=" after ${decl.join(', ')}`, c.peek().pos);
  return { decl, isAssign: false };
}

function parseCommand(c: Cursor, piped: boolean): Command {
  const pos = c.peek().pos;
  const args: Arg[] = [];
  for (;;) {
    const k = c.peek().kind;
    if (k === 'close' || k === 'rparen' || k === 'pipe' || k === 'eof') break;
    args.push(parseOperand(c));
  }
  const head = args[0];
  if (!head) return c.fail(`missing value for command${piped ? ' after "|"' : ''}`, c.peek().pos);
  for (const a of args.slice(1)) if (a.type === 'func') checkArity(c, a.name, 0, a.pos);
  if (head.type === 'func') checkArity(c, head.name, args.length - 1 + (piped ? 1 : 0), head.pos);
  else if (piped) c.fail('only a function can follow "|": write "| funcName"', head.pos);
  else if (args.length > 1) c.fail('can\'t give arguments to a non-function; put the function name first', args[1]?.pos ?? pos);
  else if (head.type === 'nil') c.fail('nil is not a command', head.pos);
  return { pos, args };
}

function checkArity(c: Cursor, name: string, got: number, pos: number): void {
  const f = FUNCS.get(name);
  if (!f || (got >= f.min && got <= f.max)) return;
  const want = f.min === f.max ? `${f.min}` : f.max === Infinity ? `at least ${f.min}` : `${f.min} to ${f.max}`;
  c.fail(`wrong number of arguments for "${name}": want ${want}, got ${got} (usage: ${f.usage})`, pos);
}

function parseOperand(c: Cursor): Arg {
  const term = parseTerm(c);
  const next = c.peek();
  if (next.kind !== 'field' || next.space) return term;
  if (term.type === 'field' || term.type === 'variable') return term;
  if (term.type !== 'pipe') c.fail(`unexpected ${describe(next)} after ${term.type}`, next.pos);
  return { type: 'chain', pos: term.pos, base: term, path: parseFields(c) };
}

/** Consecutive `.a.b` field tokens with no space between them. */
function parseFields(c: Cursor): string[] {
  const path: string[] = [c.next().value];
  while (c.peek().kind === 'field' && !c.peek().space) path.push(c.next().value);
  return path;
}

function parseTerm(c: Cursor): Arg {
  const t = c.peek();
  switch (t.kind) {
    case 'ident': return parseFunc(c);
    case 'dot': c.next(); return { type: 'dot', pos: t.pos };
    case 'nil': c.next(); return { type: 'nil', pos: t.pos };
    case 'bool': c.next(); return { type: 'literal', pos: t.pos, value: t.num === 1 };
    case 'number': c.next(); return { type: 'literal', pos: t.pos, value: t.num };
    case 'string': c.next(); return { type: 'literal', pos: t.pos, value: t.value };
    case 'field': return { type: 'field', pos: t.pos, path: parseFields(c) };
    case 'variable': {
      c.next();
      if (!c.hasVar(t.value)) c.fail(`undefined variable "${t.value}": declare it with "${t.value} := …" first`, t.pos);
      const path = c.peek().kind === 'field' && !c.peek().space ? parseFields(c) : [];
      return { type: 'variable', pos: t.pos, name: t.value, path };
    }
    case 'lparen': {
      c.next();
      const pipe = c.nested(t.pos, () => parsePipeline(c, 'parenthesised pipeline'));
      c.expect('rparen', '")" to close the parenthesised pipeline');
      return { type: 'pipe', pos: t.pos, pipe };
    }
    default: return c.fail(`unexpected ${describe(t)} in command`, t.pos);
  }
}

function parseFunc(c: Cursor): Arg {
  const t = c.next();
  if (KEYWORDS.has(t.value)) c.fail(`unexpected keyword "${t.value}" in command`, t.pos);
  if (!FUNCS.has(t.value)) {
    const near = closeMatches(t.value, FUNCS.keys());
    const hint = near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
    c.fail(`unknown function "${t.value}"${hint}`, t.pos);
  }
  return { type: 'func', pos: t.pos, name: t.value };
}
