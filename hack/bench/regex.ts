// Regex costs on model output: patterns that make a backtracking engine explode, run by the
// RE2 engine (src/core/regex.ts) on 100 KB, next to JavaScript's RegExp (the engine ARKONIS
// used before) on a few dozen characters; then an ordinary pattern on both engines, the
// price of linear time; then a JSON Schema `pattern` through ajv. Figures, not assertions:
// these machines are shared, so compare numbers from one run.
// Run with `npx tsx hack/bench/regex.ts`.
import { performance } from 'node:perf_hooks';
import { compileJsonSchema } from '../../src/core/json-schema.js';
import { compileRegex } from '../../src/core/regex.js';

const REPEATS = 5;
const OUTPUT_CHARS = 100_000;
const PATHOLOGICAL = ['^(a+)+$', '(a|aa)+$', '^(\\w+\\s?)*$'];
/** Input lengths for the backtracking engine: its time about doubles per character. */
const BACKTRACKING_LENGTHS = [20, 22, 24, 26, 28];

/** Median over REPEATS of the time of `body()`, in ms. */
function medianMs(body: () => unknown): number {
  const samples: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    body();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** One timing: a single run, for inputs where the backtracking engine takes seconds. */
function onceMs(body: () => unknown): number {
  const start = performance.now();
  body();
  return performance.now() - start;
}

/** Matches none of PATHOLOGICAL, after the longest run a backtracking engine can try. */
const output = `${'a'.repeat(OUTPUT_CHARS)}!`;
/** Matches all of PATHOLOGICAL, so find and replaceAll record positions. */
const matching = 'a'.repeat(OUTPUT_CHARS);
console.log(`pathological patterns, RE2 on ${OUTPUT_CHARS / 1000} KB of output (median of ${REPEATS}; no match | match):`);
for (const pattern of PATHOLOGICAL) {
  const re = compileRegex(pattern);
  const both = (body: (text: string) => unknown): string =>
    `${medianMs(() => body(output)).toFixed(1)} | ${medianMs(() => body(matching)).toFixed(1)} ms`;
  const figures = [`test ${both((t) => re.test(t))}`, `find ${both((t) => re.find(t))}`, `replaceAll ${both((t) => re.replaceAll(t, 'x'))}`];
  console.log(`  ${pattern.padEnd(14)} ${figures.join(', ')}`);
}

const backtracking = /^(a+)+$/;
const re2 = compileRegex('^(a+)+$');
const jsTimes = BACKTRACKING_LENGTHS.map((n) => onceMs(() => backtracking.test(`${'a'.repeat(n)}!`)));
const re2Short = medianMs(() => re2.test(`${'a'.repeat(28)}!`));
console.log(`^(a+)+$ with JavaScript's RegExp: ${BACKTRACKING_LENGTHS.map((n, i) => `${n} chars ${jsTimes[i]?.toFixed(0)} ms`).join(', ')}`);
console.log(`  RE2 on 28 chars ${re2Short.toFixed(3)} ms: ${((jsTimes.at(-1) ?? 0) / re2Short).toFixed(0)}× faster; `
  + `on ${OUTPUT_CHARS / 1000} KB RE2 stays in milliseconds while RegExp would double per character`);

const prose = 'The agent replied with a summary of the findings and a list of sources. '.repeat(1400);
const ordinary = '(?i)ignore\\s+previous\\s+instructions';
const ordinaryRe2 = compileRegex(ordinary);
const ordinaryJs = /ignore\s+previous\s+instructions/i;
const re2Ms = medianMs(() => ordinaryRe2.test(prose));
const jsMs = medianMs(() => ordinaryJs.test(prose));
console.log(`ordinary pattern ${ordinary} on ${(prose.length / 1000).toFixed(0)} KB without a match: `
  + `RE2 ${re2Ms.toFixed(2)} ms, RegExp ${jsMs.toFixed(2)} ms (${(re2Ms / jsMs).toFixed(1)}×)`);

// RE2's cost grows with text length × pattern size: a large counted repetition is the slow case left.
const large = compileRegex('\\pL{1000}');
console.log(`large pattern \\pL{1000} on ${OUTPUT_CHARS / 1000} KB with a match: ${medianMs(() => large.test(matching)).toFixed(1)} ms`);

const schemaCheck = compileJsonSchema({ type: 'object', properties: { answer: { type: 'string', pattern: '^(a+)+$' } } });
const schemaMs = medianMs(() => schemaCheck({ answer: output }));
console.log(`JSON Schema pattern ^(a+)+$ through ajv on ${OUTPUT_CHARS / 1000} KB: ${schemaMs.toFixed(1)} ms`);
