// The parsed template tree. Nodes keep the source offset of their first character so
// errors and references can report line and column.

/** A sequence of nodes (a template body or a branch). */
export type ListNode = readonly Node[];

export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode | LoopControlNode;

export interface TextNode { readonly type: 'text'; readonly pos: number; readonly text: string }

/** `{{ pipeline }}`: prints the pipeline's value unless it declares or assigns variables. */
export interface ActionNode { readonly type: 'action'; readonly pos: number; readonly pipe: Pipeline }

/** `if`/`else if`/`else`: `else if` is stored as an else branch holding one IfNode. */
export interface IfNode {
  readonly type: 'if';
  readonly pos: number;
  readonly pipe: Pipeline;
  readonly then: ListNode;
  readonly otherwise: ListNode | undefined;
}

/** `with`: runs `then` with dot set to the value when it is truthy, else `otherwise`. */
export interface WithNode {
  readonly type: 'with';
  readonly pos: number;
  readonly pipe: Pipeline;
  readonly then: ListNode;
  readonly otherwise: ListNode | undefined;
}

/** `range`: the pipe may declare `$v` or `$k, $v`; `otherwise` runs when nothing is iterated. */
export interface RangeNode {
  readonly type: 'range';
  readonly pos: number;
  readonly pipe: Pipeline;
  readonly then: ListNode;
  readonly otherwise: ListNode | undefined;
}

export interface LoopControlNode { readonly type: 'break' | 'continue'; readonly pos: number }

/** `$a := cmd | cmd | …` — `decl` names the declared (`:=`) or assigned (`=`) variables. */
export interface Pipeline {
  readonly pos: number;
  readonly decl: readonly string[];
  readonly isAssign: boolean;
  readonly cmds: readonly Command[];
}

/** One pipeline stage: a function call with arguments, or a single operand. */
export interface Command { readonly pos: number; readonly args: readonly Arg[] }

export type Arg =
  | { readonly type: 'func'; readonly pos: number; readonly name: string }
  | { readonly type: 'dot'; readonly pos: number }
  | { readonly type: 'nil'; readonly pos: number }
  | { readonly type: 'literal'; readonly pos: number; readonly value: string | number | boolean }
  /** `.a.b` on dot. */
  | { readonly type: 'field'; readonly pos: number; readonly path: readonly string[] }
  /** `$x.a.b` (path may be empty); `$` is the root data. */
  | { readonly type: 'variable'; readonly pos: number; readonly name: string; readonly path: readonly string[] }
  | { readonly type: 'pipe'; readonly pos: number; readonly pipe: Pipeline }
  /** `(pipeline).a.b` */
  | { readonly type: 'chain'; readonly pos: number; readonly base: Arg; readonly path: readonly string[] };
