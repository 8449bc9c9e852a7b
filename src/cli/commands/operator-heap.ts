// V8's heap growth for the long-running `ark operator` process, set by the product itself.
//
// After each full GC, V8 lets the old generation grow to its live size times a factor it
// picks from the allocation rate, up to 4× on a machine with plenty of memory. At a cold
// start the operator lists every watched kind and re-reconciles every object at once (at
// 1,000 ArkAgents: 2,000 server-side applies and 100 run resumes); that burst makes V8 pick
// a high factor at ~50 MB live, so the heap filled with garbage up to ~125 MB before the
// next full GC, and RSS stayed at 181–237 MiB while the heap in use was back at idle
// (docs/controller.md, Benchmark). A fixed factor of 1.2 keeps the heap within 20% of what is
// live, for a few more full GCs of ~10 ms each during a burst; without the burst (idle, or
// objects arriving one at a time) V8 picks a similar factor by itself. No hard limit is set:
// a cluster with more objects still gets the heap it needs.
//
// Changing a V8 flag at run time is allowed for this one: V8 reads it at every full GC.
import { setFlagsFromString } from 'node:v8';

export const OPERATOR_HEAP_GROWING_PERCENT = 20;

/** Sets the factor unless the node command line sets it (`node --heap-growing-percent=N bin/ark.js operator`); true when set. */
export function tuneOperatorHeap(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${OPERATOR_HEAP_GROWING_PERCENT}`);
  return true;
}
