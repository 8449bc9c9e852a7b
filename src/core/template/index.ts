// Go text/template in TypeScript, for ArkTeam pipeline templates (SPEC §1): actions with
// `{{-`/`-}}` trimming and comments, if / else if / else, with / else with, range (arrays,
// objects in key order, integers; else; break / continue), variables, pipes, parentheses,
// Go literals, the Go builtins (except `call`) and the Sprig functions ARKONIS users write.
// Every failure, at parse or render time, is a TemplateError with a line and column.
// `regexMatch` runs on the RE2 engine of src/core/regex.ts, in Go's dialect and linear
// time, as `validate.contains` does.
//
// Deliberate deviations from Go text/template + Sprig v3 (deviations.ts holds this list with
// the reasons; the differential suite against real Go, test/e2e/templates-go.test.ts,
// accepts no other difference):
// - A missing value prints as "" (Go: "<no value>"), also through html, js and urlquery.
// - Lists and objects print as compact JSON with sorted keys (Go: `[a b]`, `map[k:v]`).
// - One number type: integral numbers act as Go ints, others as float64 (Go sees every JSON
//   number as float64), so `printf "%d"`, `range` and `typeOf` treat 3 from data as an int.
// - eq, ne, lt, … compare integers with floats by value (Go: "incompatible types for
//   comparison").
// - A field of a missing value is missing too (Go: "nil pointer evaluating interface
//   {}.x").
// - Sprig string functions read a missing value as "" (Go: "invalid value; expected
//   string").
// - `int`, `int64`, `float64` and arithmetic read strings with surrounding whitespace,
//   leading zeros (decimal, not octal) and fractions ("8.7" is 8); Sprig gives 0 or octal.
// - Named templates (define / template / block) and `call` are not supported: a parse
//   error.
// - Wrong argument counts are reported when parsing, not when executing.
// - Extensions Go + Sprig lacks: `trimSpace`, `toJSON`, `fromJSON`; ternary accepts any
//   value as the condition (Go truthiness); `now` returns an ISO-8601 string from an
//   injectable clock.
// - Sprig functions outside the documented set (docs/teams.md) are unknown at parse time,
//   among them the must* variants, hashes (sha256sum …), wrap, set/unset, abbrevboth,
//   camelcase/snakecase/kebabcase/swapcase, dates, crypto, semver and the OS/network ones.
// - Complex literals (`1i`) are a parse error; integer literals beyond ±2^53 are a parse
//   error (Go: exact int64/uint64).
// - `regexMatch` with a pattern RE2 rejects is an error naming the pattern and a fix
//   (Sprig: false).
// - Parentheses and control structures nest at most 100 deep.

export { TemplateError } from './errors.js';
export type { FieldRef } from './references.js';
export type { RenderOptions, Template } from './template.js';
export { checkTemplate, parseTemplate, renderTemplate, templateReferences } from './template.js';
export { isTruthy, parseOutputData } from './output.js';
export { literalPatternProblems, type LiteralPatternProblem } from './regex.js';
