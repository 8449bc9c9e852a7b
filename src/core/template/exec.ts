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
  walkList(s, data, nodes);
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
  if (entries.length === 0) return node.otherwise ? walkList(s, dot, node.otherwise) : Flow.Normal;
  const mark = s.vars.length;
  for (const [key, elem] of entries) {
    s.vars.length = mark;
    bindRangeVars(s, node, key, elem);
    const flow = walkList(s, elem, node.then);
    if (flow === Flow.Break) break;
  }
  return Flow.Normal;
}

function rangeEntries(s: ExecState, v: unknown, node: RangeNode): [unknown, unknown][] {
  if (isNil(v)) return [];
  if (Array.isArray(v)) return v.map((e: unknown, i) => [i, e]);
  if (isDict(v)) return sortedKeys(v).map((k) => [k, v[k]]);
  if (typeof v === 'number' && Number.isInteger(v)) return Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
  throw new TemplateError(`range can't iterate over ${typeName(v)} (${printValue(v)}): range needs a list, an object or an integer`, s.src, node.pipe.pos);
}

/** `$v :=` binds the element; `$k, $v :=` binds index-or-key and element. */
function bindRangeVars(s: ExecState, node: RangeNode, key: unknown, elem: unknown): void {
  const { decl, isAssign, pos } = node.pipe;
  const values = decl.length === 2 ? [key, elem] : [elem];
  decl.forEach((name, i) => bindVar(s, name, values[i], isAssign, pos));
}
