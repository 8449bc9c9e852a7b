// Executes a parsed template: walks the node tree, printing text and action values, with
// Go's control flow (if / with / range / break / continue) and variable scoping.

import type { ListNode, Node, RangeNode } from './ast.js';
import { TemplateError } from './errors.js';
import type { ExecState } from './eval.js';
import { bindVar, evalPipeline } from './eval.js';
import type { FuncEnv } from './funcs.js';
import { isDict, isNil, printValue, sortedKeys, truthy, typeName } from './values.js';

/** How a list finished: normally, or by {{break}} / {{continue}} inside a range. */
const enum Flow { Normal, Break, Continue }

/** Renders `nodes` against `data`; `$` is the root data. Throws TemplateError. */
export function execute(src: string, nodes: ListNode, data: unknown, env: FuncEnv): string {
  const s: ExecState = { src, vars: [{ name: '$', value: data }], env, out: '' };
  try {
    walkList(s, data, nodes);
  } catch (e) {
    // The one failure outside any action: output beyond what a JavaScript string can hold.
    if (e instanceof RangeError) throw new TemplateError(`rendering failed: ${e.message} (the output is too large)`, src, 0);
    throw e;
  }
  return s.out;
}

function walkList(s: ExecState, dot: unknown, nodes: ListNode): Flow {
  for (const node of nodes) {
    const flow = walkNode(s, dot, node);
    if (flow !== Flow.Normal) return flow;
  }
  return Flow.Normal;
}

function walkNode(s: ExecState, dot: unknown, node: Node): Flow {
  switch (node.type) {
    case 'text':
      s.out += node.text;
      return Flow.Normal;
    case 'action': {
      const v = evalPipeline(s, dot, node.pipe);
      if (node.pipe.decl.length === 0) s.out += printValue(v);
      return Flow.Normal;
    }
    case 'break': return Flow.Break;
    case 'continue': return Flow.Continue;
    case 'range': return scoped(s, () => walkRange(s, dot, node));
  }
  return scoped(s, () => {
    const v = evalPipeline(s, dot, node.pipe);
    if (truthy(v)) return walkList(s, node.type === 'with' ? v : dot, node.then);
    return node.otherwise ? walkList(s, dot, node.otherwise) : Flow.Normal;
  });
}

/** Runs `body` and drops the variables it declared (a control structure's scope). */
function scoped(s: ExecState, body: () => Flow): Flow {
  const mark = s.vars.length;
  try {
    return body();
  } finally {
    s.vars.length = mark;
  }
}

/** Ranges over arrays (by index), objects (in sorted key order) and non-negative integers. */
function walkRange(s: ExecState, dot: unknown, node: RangeNode): Flow {
  const v = evalPipeline(s, dot, node.pipe, false);
  const entries = rangeEntries(s, v, node);
  const mark = s.vars.length;
  let empty = true;
  for (const [key, elem] of entries) {
    empty = false;
    s.vars.length = mark;
    bindRangeVars(s, node, key, elem);
    const flow = walkList(s, elem, node.then);
    if (flow === Flow.Break) break;
  }
  if (empty && node.otherwise) return walkList(s, dot, node.otherwise);
  return Flow.Normal;
}

/** The [key, element] pairs to range over; integers count lazily, so a large one allocates nothing. */
function rangeEntries(s: ExecState, v: unknown, node: RangeNode): Iterable<[unknown, unknown]> {
  if (isNil(v)) return [];
  if (Array.isArray(v)) return v.map((e: unknown, i) => [i, e]);
  if (isDict(v)) return sortedKeys(v).map((k) => [k, v[k]]);
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (node.pipe.decl.length > 1) throw new TemplateError(`can't use ${v} to iterate over more than one variable: write {{range $i := ${v}}}`, s.src, node.pipe.pos);
    return countTo(v);
  }
  throw new TemplateError(`range can't iterate over ${typeName(v)} (${printValue(v)}): range needs a list, an object or an integer`, s.src, node.pipe.pos);
}

function* countTo(n: number): Generator<[number, number]> {
  for (let i = 0; i < n; i++) yield [i, i];
}

/** `$v :=` binds the element; `$k, $v :=` binds index-or-key and element. */
function bindRangeVars(s: ExecState, node: RangeNode, key: unknown, elem: unknown): void {
  const { decl, isAssign, pos } = node.pipe;
  const values = decl.length === 2 ? [key, elem] : [elem];
  decl.forEach((name, i) => bindVar(s, name, values[i], isAssign, pos));
}
