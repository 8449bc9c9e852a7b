// Pipeline evaluation: commands, function calls (with the piped value as the last
// argument), operands, variables and field chains.

import type { Arg, Command, Pipeline } from './ast.js';
import { FuncError, TemplateError } from './errors.js';
import type { FuncEnv } from './funcs.js';
import { FUNCS } from './funcs.js';
import { isDict, isNil, printValue, typeName } from './values.js';

export interface Variable { readonly name: string; value: unknown }

/** Mutable state of one execution. `vars` is a stack; control structures truncate it on exit. */
export interface ExecState {
  readonly src: string;
  readonly vars: Variable[];
  readonly env: FuncEnv;
  out: string;
}

/**
 * Evaluates a pipeline with `dot` as the current value. When `declare` is set, `$x :=`
 * pushes variables and `$x =` assigns; range passes false and binds its own variables.
 */
export function evalPipeline(s: ExecState, dot: unknown, pipe: Pipeline, declare = true): unknown {
  let value: unknown = undefined;
  const cmds = pipe.cmds;
  for (let i = 0; i < cmds.length; i++) value = evalCommand(s, dot, cmds[i] as Command, i > 0, value);
  if (!declare) return value;
  for (const name of pipe.decl) bindVar(s, name, value, pipe.isAssign, pipe.pos);
  return value;
}

/** A function used as an operand: no arguments. */
const NO_ARGS: readonly Arg[] = [];

type FuncArg = Extract<Arg, { type: 'func' }>;

/** No piped value: the first command of a pipeline, or a function used as an argument. */
const NOTHING_PIPED: readonly unknown[] = [];

function evalCommand(s: ExecState, dot: unknown, cmd: Command, piped: boolean, input: unknown): unknown {
  const head = cmd.args[0];
  if (!head) throw new TemplateError('empty command', s.src, cmd.pos);
  if (head.type !== 'func') return evalArg(s, dot, head);
  return callFunc(s, dot, head, cmd.args, piped ? [input] : NOTHING_PIPED);
}

/**
 * Calls the function `head` with the arguments of its command — `command[0]` is the
 * function itself, so they start at index 1 — then the piped value (in `tail`) last.
 */
function callFunc(s: ExecState, dot: unknown, head: FuncArg, command: readonly Arg[], tail: readonly unknown[]): unknown {
  const { name, pos } = head;
  const args = command;
  const from = 1;
  const def = FUNCS.get(name);
  if (!def) throw new TemplateError(`unknown function "${name}"`, s.src, pos);
  if (def.lazy) {
    const thunks: (() => unknown)[] = [];
    for (let i = from; i < args.length; i++) thunks.push(() => evalArg(s, dot, args[i] as Arg));
    for (const v of tail) thunks.push(() => v);
    return def.call(thunks);
  }
  const values: unknown[] = [];
  for (let i = from; i < args.length; i++) values.push(evalArg(s, dot, args[i] as Arg));
  for (const v of tail) values.push(v);
  try {
    return def.call(values, s.env);
  } catch (e) {
    // FuncError is the contract; anything else (a RangeError from a huge argument) is still
    // reported at the call instead of escaping as a non-template error.
    if (e instanceof FuncError || e instanceof RangeError) throw new TemplateError(`error calling ${name}: ${e.message}`, s.src, pos);
    throw e;
  }
}

function evalArg(s: ExecState, dot: unknown, arg: Arg): unknown {
  switch (arg.type) {
    case 'dot': return dot;
    case 'nil': return null;
    case 'literal': return arg.value;
    case 'field': return walkFields(s, dot, arg.path, arg.pos);
    case 'variable': return walkFields(s, lookupVar(s, arg.name, arg.pos), arg.path, arg.pos);
    case 'pipe': return evalPipeline(s, dot, arg.pipe);
    case 'chain': return walkFields(s, evalArg(s, dot, arg.base), arg.path, arg.pos);
    case 'func': return callFunc(s, dot, arg, NO_ARGS, NOTHING_PIPED);
  }
}

/** Field access: missing keys and fields of nil are nil; fields of scalars/arrays are errors. */
function walkFields(s: ExecState, value: unknown, path: readonly string[], pos: number): unknown {
  let v = value;
  for (const name of path) {
    if (isNil(v)) return undefined;
    if (!isDict(v)) {
      throw new TemplateError(`can't evaluate field "${name}" in type ${typeName(v)} (value ${JSON.stringify(printValue(v))}); use "index" for lists`, s.src, pos);
    }
    v = Object.hasOwn(v, name) ? v[name] : undefined;
  }
  return v;
}

function lookupVar(s: ExecState, name: string, pos: number): unknown {
  for (let i = s.vars.length - 1; i >= 0; i--) {
    const v = s.vars[i];
    if (v?.name === name) return v.value;
  }
  throw new TemplateError(`undefined variable "${name}"`, s.src, pos);
}

/** `$x := v` pushes a new variable; `$x = v` assigns the innermost `$x`, which must exist. */
export function bindVar(s: ExecState, name: string, value: unknown, assign: boolean, pos: number): void {
  if (!assign) {
    s.vars.push({ name, value });
    return;
  }
  for (let i = s.vars.length - 1; i >= 0; i--) {
    const v = s.vars[i];
    if (v?.name === name) {
      v.value = value;
      return;
    }
  }
  throw new TemplateError(`undefined variable "${name}"`, s.src, pos);
}
