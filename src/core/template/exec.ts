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
  }
  // A control structure's variables live until its end.
  const mark = s.vars.length;
  try {
    if (node.type === 'range') return walkRange(s, dot, node);
    const v = evalPipeline(s, dot, node.pipe);
    if (truthy(v)) return walkList(s, node.type === 'with' ? v : dot, node.then);
    return node.otherwise ? walkList(s, dot, node.otherwise) : Flow.Normal;
  } finally {
    s.vars.length = mark;
  }
}

/** Ranges over arrays (by index), objects (in sorted key order) and non-negative integers. */
function walkRange(s: ExecState, dot: unknown, node: RangeNode): Flow {
  const v = evalPipeline(s, dot, node.pipe, false);
  const mark = s.vars.length;
  let empty = true;
  if (Array.isArray(v)) {
    // Arrays, the common case, without allocating [key, element] pairs.
    for (let i = 0; i < v.length; i++) {
      empty = false;
      if (rangeStep(s, node, mark, i, v[i])) break;
    }
  } else {
    for (const [key, elem] of rangeEntries(s, v, node)) {
      empty = false;
      if (rangeStep(s, node, mark, key, elem)) break;
    }
  }
  if (empty && node.otherwise) return walkList(s, dot, node.otherwise);
  return Flow.Normal;
}

/** One iteration with fresh loop variables; true when the body ran {{break}}. */
function rangeStep(s: ExecState, node: RangeNode, mark: number, key: unknown, elem: unknown): boolean {
  s.vars.length = mark;
  bindRangeVars(s, node, key, elem);
  return walkList(s, elem, node.then) === Flow.Break;
}

/** The [key, element] pairs of a non-array to range over; integers count lazily, so a large one allocates nothing. */
function rangeEntries(s: ExecState, v: unknown, node: RangeNode): Iterable<[unknown, unknown]> {
  if (isNil(v)) return [];
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
