// Field chains rooted at the top-level data (`.input.topic`, `$.steps.x.output`), used by
// admission to reject templates that name unknown steps or inputs.

import type { Arg, ListNode, Pipeline } from './ast.js';
import { lineLocator } from './errors.js';

export interface FieldRef {
  path: string[];
  line: number;
  column: number;
}

interface Found { path: readonly string[]; pos: number }

/**
 * Every field chain on the root data in source order. Inside a range or with body the dot is
 * the element, so there only `$`-rooted chains count; their else branches keep the outer dot.
 */
export function collectReferences(src: string, nodes: ListNode): FieldRef[] {
  const found: Found[] = [];
  walkList(nodes, true, found);
  const locate = lineLocator(src);
  return found.map(({ path, pos }) => ({ path: [...path], ...locate(pos) }));
}

function walkList(nodes: ListNode, dotIsRoot: boolean, out: Found[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'action':
        walkPipe(node.pipe, dotIsRoot, out);
        break;
      case 'if':
        walkPipe(node.pipe, dotIsRoot, out);
        walkList(node.then, dotIsRoot, out);
        if (node.otherwise) walkList(node.otherwise, dotIsRoot, out);
        break;
      case 'with': case 'range':
        walkPipe(node.pipe, dotIsRoot, out);
        walkList(node.then, false, out);
        if (node.otherwise) walkList(node.otherwise, dotIsRoot, out);
        break;
    }
  }
}

function walkPipe(pipe: Pipeline, dotIsRoot: boolean, out: Found[]): void {
  for (const cmd of pipe.cmds) for (const arg of cmd.args) walkArg(arg, dotIsRoot, out);
}

function walkArg(arg: Arg, dotIsRoot: boolean, out: Found[]): void {
  switch (arg.type) {
    case 'field':
      if (dotIsRoot) out.push({ path: arg.path, pos: arg.pos });
      break;
    case 'variable':
      if (arg.name === '$' && arg.path.length > 0) out.push({ path: arg.path, pos: arg.pos });
      break;
    case 'pipe':
      walkPipe(arg.pipe, dotIsRoot, out);
      break;
    case 'chain':
      walkArg(arg.base, dotIsRoot, out);
      break;
  }
}
