// Go text/template in TypeScript, for ArkTeam pipeline templates (SPEC §1).
//
// Deviations from Go, all deliberate:
// - A missing value prints as "" (Go prints "<no value>"); field access on nil yields nil.
// - Arrays and objects print as compact JSON with sorted keys (Go prints map[k:v] / [a b]).
// - One number type: integral numbers act as Go ints, others as float64 (so `printf "%d"`
//   accepts 3.0 from JSON data, and %f accepts integers).
// - eq/lt/… compare integers with floats by value.
// - Named templates (define / template / block) and `call` are not supported.
// - Arity errors are reported at parse time. Sprig string functions treat nil as "".
// - `int` parses "8.7" as 8; `regexMatch` uses JavaScript's engine (RE2 flag group
//   `(?i)` supported) and fails on an invalid pattern; `now` returns an ISO-8601 string.

export { TemplateError } from './errors.js';
export type { FieldRef } from './references.js';
export type { RenderOptions, Template } from './template.js';
export { parseTemplate, renderTemplate, templateReferences } from './template.js';
export { isTruthy, parseOutputData } from './output.js';
export { FUNCS } from './funcs.js';
