// The public entry points: parse (with a bounded cache), render, references.

import type { ListNode } from './ast.js';
import { LruCache } from '../cache.js';
import { execute } from './exec.js';
import type { FuncEnv } from './funcs.js';
import { parse } from './parser.js';
import type { FieldRef } from './references.js';
import { collectReferences } from './references.js';

/** A parsed template. Immutable, so one parse can serve any number of renders. */
export interface Template {
  readonly source: string;
  readonly root: ListNode;
}

export interface RenderOptions {
  /** Clock for `now`; defaults to the system clock. */
  now?: () => Date;
}

/** Parsed templates by source; bounded so distinct sources cannot grow memory without limit. */
const cache = new LruCache<string, Template>(500);

/** Parses `source`; throws TemplateError (with line and column) on syntax errors. */
export function parseTemplate(source: string): Template {
  const hit = cache.get(source);
  if (hit) return hit;
  const tpl: Template = Object.freeze({ source, root: parse(source) });
  cache.set(source, tpl);
  return tpl;
}

/**
 * Parses `source` without adding it to the cache, for checks that read many distinct
 * templates once (validating thousands of pipeline steps): cached, each would push a
 * template about to render out of the cache and outlive the young generation as garbage.
 */
export function checkTemplate(source: string): Template {
  return cache.get(source) ?? Object.freeze({ source, root: parse(source) });
}

const systemClock = (): Date => new Date();

/** Renders a template (or source text) against `data`; throws TemplateError on execution errors. */
export function renderTemplate(template: Template | string, data: unknown, options: RenderOptions = {}): string {
  const tpl = typeof template === 'string' ? parseTemplate(template) : template;
  const env: FuncEnv = { now: options.now ?? systemClock };
  return execute(tpl.source, tpl.root, data, env);
}

/** Field chains on the root data (`.input.x`, `$.steps.y.output`) with their positions. */
export function templateReferences(template: Template | string): FieldRef[] {
  const tpl = typeof template === 'string' ? parseTemplate(template) : template;
  return collectReferences(tpl.source, tpl.root);
}
