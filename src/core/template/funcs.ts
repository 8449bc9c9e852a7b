// The function table: Go text/template builtins plus the Sprig subset ARKONIS templates
// use; later tables win, so Sprig's slice replaces Go's as in Go + Sprig. The parser checks names and argument counts against it; the executor calls it.

import { BUILTINS } from './builtins.js';
import type { FuncDef } from './func-def.js';
import { DATA_FUNCS } from './sprig-data.js';
import { LIST_FUNCS } from './sprig-lists.js';
import { STRING_FUNCS } from './sprig-strings.js';
import { TEXT_FUNCS } from './sprig-text.js';

export type { FuncDef, FuncEnv } from './func-def.js';

export const FUNCS: ReadonlyMap<string, FuncDef> = new Map([
  ...Object.entries(BUILTINS),
  ...Object.entries(STRING_FUNCS),
  ...Object.entries(TEXT_FUNCS),
  ...Object.entries(DATA_FUNCS),
  ...Object.entries(LIST_FUNCS),
]);
