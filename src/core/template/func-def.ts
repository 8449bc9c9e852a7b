// The shape of a template function, shared by the function tables.

/** What a function may read besides its arguments. */
export interface FuncEnv {
  /** The clock behind `now`. */
  readonly now: () => Date;
}

export interface FuncDef {
  readonly min: number;
  /** Infinity for variadic functions. */
  readonly max: number;
  /** Shown in arity errors, e.g. `default DEFAULT VALUE`. */
  readonly usage: string;
  /** Receives evaluated arguments (a piped value is the last one); throws FuncError on bad input. */
  readonly call: (args: readonly unknown[], env: FuncEnv) => unknown;
}

/** Shorthand for table entries. */
export function fn(min: number, max: number, usage: string, call: FuncDef['call']): FuncDef {
  return { min, max, usage, call };
}
