// The shape of a template function, shared by the function tables.

/** What a function may read besides its arguments. */
export interface FuncEnv {
  /** The clock behind `now`. */
  readonly now: () => Date;
}

/** Receives evaluated arguments (a piped value is the last one); throws FuncError on bad input. */
export type StrictCall = (args: readonly unknown[], env: FuncEnv) => unknown;

/** Receives each argument as a thunk and evaluates only those it needs (`and`, `or`). */
export type LazyCall = (args: readonly (() => unknown)[]) => unknown;

interface Signature {
  readonly min: number;
  /** Infinity for variadic functions. */
  readonly max: number;
  /** Shown in arity errors, e.g. `default DEFAULT VALUE`. */
  readonly usage: string;
}

export type FuncDef =
  | (Signature & { readonly lazy?: false; readonly call: StrictCall })
  | (Signature & { readonly lazy: true; readonly call: LazyCall });

/** Shorthand for table entries. */
export function fn(min: number, max: number, usage: string, call: StrictCall): FuncDef {
  return { min, max, usage, call };
}

/** Shorthand for functions that must not evaluate every argument. */
export function lazyFn(min: number, max: number, usage: string, call: LazyCall): FuncDef {
  return { min, max, usage, lazy: true, call };
}
