// Token counts, in the one shape every layer uses (providers, engine, events, status).
import type { TokenUsage } from '../api/index.js';

export type { TokenUsage };

export const ZERO_USAGE: TokenUsage = Object.freeze({ input: 0, output: 0, total: 0 });

/** The usage of one call: `total` is always input + output. */
export function usageOf(input: number, output: number): TokenUsage {
  return { input, output, total: input + output };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { input: a.input + b.input, output: a.output + b.output, total: a.total + b.total };
}
