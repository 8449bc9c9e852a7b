// The deliberate deviations from Go text/template + Sprig v3, as data: one entry per
// difference a user may notice, with the reason it is kept. The header of index.ts lists
// the same summaries (a unit test checks it), docs/teams.md explains them, and the
// differential suite against real Go (test/e2e/templates-go.test.ts) accepts a difference
// only when one of these explains it.

export interface Deviation {
  readonly id: string;
  /** One line, as in the header of index.ts. */
  readonly summary: string;
  /** Why ARKONIS differs, in terms a template author would accept. */
  readonly reason: string;
}

export const DEVIATIONS: readonly Deviation[] = [
  {
    id: 'missing-value',
    summary: 'A missing value prints as "" (Go: "<no value>"), also through html, js and urlquery.',
    reason: 'Step outputs and inputs are often absent; "<no value>" inside a prompt is never what the author wants.',
  },
  {
    id: 'composite-json',
    summary: 'Lists and objects print as compact JSON with sorted keys (Go: `[a b]`, `map[k:v]`).',
    reason: 'Prompts pass structured step data on to models and tools, which read JSON, not Go syntax.',
  },
  {
    id: 'one-number-type',
    summary: 'One number type: integral numbers act as Go ints, others as float64 (Go sees every JSON number as float64), so `printf "%d"`, `range` and `typeOf` treat 3 from data as an int.',
    reason: 'JSON has one number type; treating 3 as a float would make `printf "%d" .input.n` print `%!d(float64=3)`.',
  },
  {
    id: 'mixed-number-compare',
    summary: 'eq, ne, lt, … compare integers with floats by value (Go: "incompatible types for comparison").',
    reason: 'Follows from one number type: `gt .input.n 2` must work whether the data says 3 or 3.5.',
  },
  {
    id: 'nil-field',
    summary: 'A field of a missing value is missing too (Go: "nil pointer evaluating interface {}.x").',
    reason: 'Optional step data nests (`.steps.x.data.a.b`); a template should not fail because an upper level is absent.',
  },
  {
    id: 'missing-as-empty-string',
    summary: 'Sprig string functions read a missing value as "" (Go: "invalid value; expected string").',
    reason: 'Same as missing-value: `upper .input.title` on an absent title renders empty instead of failing the run.',
  },
  {
    id: 'lenient-number-strings',
    summary: '`int`, `int64`, `float64` and arithmetic read strings with surrounding whitespace, leading zeros (decimal, not octal) and fractions ("8.7" is 8); Sprig gives 0 or octal.',
    reason: 'Numbers come from model output like "12\\n" or "08"; 0 or octal would be silently wrong.',
  },
  {
    id: 'no-named-templates',
    summary: 'Named templates (define / template / block) and `call` are not supported: a parse error.',
    reason: 'Each ARKONIS template is one field of a resource; template data holds no functions.',
  },
  {
    id: 'arity-at-parse',
    summary: 'Wrong argument counts are reported when parsing, not when executing.',
    reason: 'Admission rejects the resource at once instead of a run failing later.',
  },
  {
    id: 'extensions',
    summary: 'Extensions Go + Sprig lacks: `trimSpace`, `toJSON`, `fromJSON`; ternary accepts any value as the condition (Go truthiness); `now` returns an ISO-8601 string from an injectable clock.',
    reason: 'Spellings users write from other engines; an ISO timestamp is what prompts need, and tests need a clock.',
  },
  {
    id: 'sprig-subset',
    summary: 'Sprig functions outside the documented set (docs/teams.md) are unknown at parse time, among them the must* variants, hashes (sha256sum …), wrap, set/unset, abbrevboth, camelcase/snakecase/kebabcase/swapcase, dates, crypto, semver and the OS/network ones.',
    reason: 'Templates render prompts from run data; functions with side effects or large dependencies do not belong in the operator, and an unknown name fails at admission with a suggestion.',
  },
  {
    id: 'no-complex',
    summary: 'Complex literals (`1i`) are a parse error; integer literals beyond ±2^53 are a parse error (Go: exact int64/uint64).',
    reason: 'JavaScript numbers are doubles: an integer above 2^53 would silently change value.',
  },
  {
    id: 'invalid-regex-error',
    summary: '`regexMatch` with a pattern RE2 rejects is an error naming the pattern and a fix (Sprig: false).',
    reason: 'A typo in a pattern should be reported, not read as "no match"; literal patterns are refused at admission.',
  },
  {
    id: 'depth-limit',
    summary: 'Parentheses and control structures nest at most 100 deep.',
    reason: 'Hostile templates cannot exhaust the stack of the operator that parses them at admission.',
  },
];

export const DEVIATION_IDS: ReadonlySet<string> = new Set(DEVIATIONS.map((d) => d.id));
