// Go text/template in TypeScript, for ArkTeam pipeline templates (SPEC §1): actions with
// `{{-`/`-}}` trimming and comments, if / else if / else, with / else with, range (arrays,
// objects in key order, integers; else; break / continue), variables, pipes, parentheses,
// Go literals, the Go builtins (except `call`) and the Sprig functions ARKONIS users write.
//
// Deliberate deviations from Go:
// - A missing value prints as "" (Go: "<no value>") and field access on nil yields nil
//   instead of an error. print/printf/toString still show nil as "<nil>", as fmt does.
// - Arrays and objects print as compact JSON with sorted keys (Go: `[a b]`, `map[k:v]`).
// - One number type: integral numbers act as Go ints, others as float64, so `printf "%d"`
//   accepts 3 from JSON data (Go sees float64 there) and %f accepts integers.
// - eq/ne/lt/… compare integers with floats by value (Go: incompatible types).
// - Named templates (define / template / block) and `call` are not supported.
// - Wrong argument counts are reported when parsing, not when executing.
// - Sprig string functions read a missing value as ""; `int` parses "8.7" as 8; `ternary`
//   accepts any value as the condition (Go truthiness); `now` returns an ISO-8601 string
//   from an injectable clock.
// - Regex functions (`regexMatch`) are not a deviation: they run on the RE2 engine of
//   src/core/regex.ts, in Go's dialect and linear time, as `validate.contains` does.
// - Parentheses and control structures nest at most 100 deep.

export { TemplateError } from './errors.js';
export type { FieldRef } from './references.js';
export type { RenderOptions, Template } from './template.js';
export { parseTemplate, renderTemplate, templateReferences } from './template.js';
export { isTruthy, parseOutputData } from './output.js';
export { literalPatternProblems, type LiteralPatternProblem } from './regex.js';
