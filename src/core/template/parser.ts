// Statement parser: text, actions and the control structures if / with / range (with
// else, `else if`, `else with`), break / continue, and their variable scopes.

import type { ListNode, Node, Pipeline } from './ast.js';
import { Cursor } from './cursor.js';
import { lex } from './lexer.js';
import { parsePipeline } from './pipeline.js';

type ControlKind = 'if' | 'with' | 'range';
type Terminator = { kind: 'end' | 'else' | 'eof'; pos: number };

/** Parses a template source into its node list; throws TemplateError on syntax errors. */
export function parse(src: string): ListNode {
  const c = new Cursor(src, lex(src));
  const { nodes, term } = parseList(c);
  if (term.kind !== 'eof') {
    c.fail(`unexpected {{${term.kind}}}: there is no open {{if}}, {{with}} or {{range}} to ${term.kind === 'end' ? 'close' : 'continue'}`, term.pos);
  }
  return nodes;
}

/** Parses nodes until `{{end}}`, `{{else …` or the end of input (the terminator is consumed up to its keyword). */
function parseList(c: Cursor): { nodes: Node[]; term: Terminator } {
  const nodes: Node[] = [];
  for (;;) {
    const t = c.next();
    if (t.kind === 'eof') return { nodes, term: { kind: 'eof', pos: t.pos } };
    if (t.kind === 'text') {
      nodes.push({ type: 'text', pos: t.pos, text: t.value });
      continue;
    }
    const kw = c.peek();
    const word = kw.kind === 'ident' ? kw.value : '';
    if (word === 'end' || word === 'else') {
      c.next();
      return { nodes, term: { kind: word, pos: t.pos } };
    }
    nodes.push(parseAction(c, t.pos, word));
  }
}

/** Parses the inside of one `{{ … }}` whose first token is `word` (if an identifier). */
function parseAction(c: Cursor, pos: number, word: string): Node {
  switch (word) {
    case 'if': case 'with': case 'range':
      c.next();
      return c.nested(pos, () => parseControl(c, word, pos));
    case 'break': case 'continue': {
      c.next();
      if (c.rangeDepth === 0) c.fail(`{{${word}}} outside {{range}}: it can only be used inside a range loop`, pos);
      c.expect('close', `"}}" after ${word}`);
      return { type: word, pos };
    }
    case 'define': case 'template': case 'block':
      return c.fail(`{{${word}}} is not supported: write the text inline instead of using named templates`, pos);
  }
  const pipe = parsePipeline(c, 'action');
  c.expect('close', '"}}" or "|" in action');
  return { type: 'action', pos, pipe };
}

/** Parses `kind pipeline }} list [{{else}} list] {{end}}` after the keyword. */
function parseControl(c: Cursor, kind: ControlKind, pos: number): Node {
  const mark = c.vars.length;
  const pipe = parseControlPipe(c, kind);
  if (kind === 'range') c.rangeDepth++;
  const body = parseList(c);
  if (kind === 'range') c.rangeDepth--;
  let otherwise: Node[] | undefined;
  if (body.term.kind === 'else') otherwise = parseElse(c, kind, pos);
  else if (body.term.kind === 'eof') c.fail(`unexpected end of template: {{${kind}}} is missing its {{end}}`, pos);
  else c.expect('close', '"}}" after end');
  c.popVars(mark);
  return { type: kind, pos, pipe, then: body.nodes, otherwise };
}

function parseControlPipe(c: Cursor, kind: ControlKind): Pipeline {
  const t = c.peek();
  if (t.kind === 'close') c.fail(`missing condition in {{${kind}}}: write {{${kind} .value}}`, t.pos);
  const pipe = parsePipeline(c, kind);
  c.expect('close', `"}}" to end the {{${kind}}} condition`);
  return pipe;
}

/** After `{{else`: `else if` / `else with` chain into a nested control sharing the same end. */
function parseElse(c: Cursor, kind: ControlKind, controlPos: number): Node[] {
  const next = c.peek();
  if (next.kind === 'ident' && (next.value === 'if' || next.value === 'with') && kind !== 'range') {
    if (next.value !== kind) c.fail(`{{else ${next.value}}} cannot continue {{${kind}}}; use {{else ${kind}}}`, next.pos);
    c.next();
    return [c.nested(next.pos, () => parseControl(c, kind, next.pos))];
  }
  c.expect('close', '"}}" after else');
  const rest = parseList(c);
  if (rest.term.kind === 'else') c.fail(`unexpected {{else}}: {{${kind}}} already has an {{else}}`, rest.term.pos);
  if (rest.term.kind === 'eof') c.fail(`unexpected end of template: {{${kind}}} is missing its {{end}}`, controlPos);
  c.expect('close', '"}}" after end');
  return rest.nodes;
}
