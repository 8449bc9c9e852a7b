// Patterns of the template regex functions: the same RE2 / Go dialect and linear-time engine
// as `validate.contains` (src/core/regex.ts), so a pattern means one thing wherever a team
// author writes it and no pattern can stall a render, whatever the data it meets.

import { LruCache } from '../cache.js';
import { compileRegex, RegexError, type Regex } from '../regex.js';
import type { Arg, ListNode, Pipeline } from './ast.js';
import { FuncError, lineLocator, type LineColumn } from './errors.js';
import type { Template } from './template.js';

/** Compiled patterns by source: a template renders once per task with the same few patterns. */
const compiled = new LruCache<string, Regex>(200);

/** Compiles (or reuses) an RE2 pattern; an invalid one is a FuncError quoting the pattern and the fix. */
export function cachedRegex(pattern: string): Regex {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let re: Regex;
  try {
    re = compileRegex(pattern);
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    throw new FuncError(`${e.message}; fix: ${e.fix}`, { cause: e });
  }
  compiled.set(pattern, re);
  return re;
}

/** Sprig's functions whose first argument is a pattern (those the engine defines are checked). */
const PATTERN_FUNCS = new Set(['regexMatch', 'regexFind', 'regexFindAll', 'regexReplaceAll', 'regexReplaceAllLiteral', 'regexSplit']
  .flatMap((name) => [name, `must${name[0]?.toUpperCase()}${name.slice(1)}`]));

/** A pattern written as a string literal in a template that RE2 refuses, with its position. */
export interface LiteralPatternProblem extends LineColumn { error: RegexError }

/**
 * Literal patterns of regex function calls that do not compile, so admission refuses them
 * before any render; a pattern computed from data can only fail when rendered.
 */
export function literalPatternProblems(template: Template): LiteralPatternProblem[] {
  const locate = lineLocator(template.source);
  const problems: LiteralPatternProblem[] = [];
  for (const pipe of pipelines(template.root)) {
    for (const { args: [head, pattern] } of pipe.cmds) {
      if (head?.type !== 'func' || !PATTERN_FUNCS.has(head.name) || pattern?.type !== 'literal' || typeof pattern.value !== 'string') continue;
      try {
        compileRegex(pattern.value);
      } catch (err) {
        if (!(err instanceof RegexError)) throw err;
        problems.push({ ...locate(pattern.pos), error: err });
      }
    }
  }
  return problems;
}

/** Every pipeline of the tree, nested ones (parenthesised, in branches) included. */
function* pipelines(nodes: ListNode): Generator<Pipeline> {
  for (const node of nodes) {
    if (!('pipe' in node)) continue; // text, break, continue
    yield* withNestedPipelines(node.pipe);
    if (node.type === 'action') continue;
    yield* pipelines(node.then);
    if (node.otherwise) yield* pipelines(node.otherwise);
  }
}

function* withNestedPipelines(pipe: Pipeline): Generator<Pipeline> {
  yield pipe;
  for (const cmd of pipe.cmds) for (const arg of cmd.args) yield* argPipelines(arg);
}

function* argPipelines(arg: Arg): Generator<Pipeline> {
  if (arg.type === 'pipe') yield* withNestedPipelines(arg.pipe);
  if (arg.type === 'chain') yield* argPipelines(arg.base);
}
