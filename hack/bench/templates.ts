// Template costs: parse and render of a typical one-line pipeline template, and parsing and
// reference extraction (what admission runs) on a ~1 MB template with 32,000 references.
// Figures, not assertions: these machines are shared, so compare numbers from one run.
// Run with `npx tsx hack/bench/templates.ts`.
import { performance } from 'node:perf_hooks';
import { parseTemplate, renderTemplate, templateReferences } from '../../src/core/template/index.js';

const ONE_LINE_RUNS = 20_000;
const REFERENCES = 32_000;
const REPEATS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median over REPEATS of the mean time per call, in µs, of `runs` calls of `body(i)`. */
function microsPerCall(runs: number, body: (i: number) => void): number {
  const samples: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    for (let i = 0; i < runs; i++) body(r * runs + i);
    samples.push(((performance.now() - start) * 1000) / runs);
  }
  return median(samples);
}

/** Median over REPEATS of the time of `body(repeat)`, in ms. */
function millis(body: (repeat: number) => void): number {
  const samples: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    body(r);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// Distinct sources, so the parse cache never answers.
const parseUs = microsPerCall(ONE_LINE_RUNS, (i) => parseTemplate(`{{ if gt (.steps.review.data.score | int) 7 }}step ${i}{{ end }}`));
const oneLine = parseTemplate('{{ .input.n | printf "%d items" }} and {{ .steps.review.data.score | int }}');
const data = { input: { n: 3 }, steps: { review: { data: { score: '8' } } } };
const renderUs = microsPerCall(ONE_LINE_RUNS, () => renderTemplate(oneLine, data));

const lines = Array.from({ length: REFERENCES }, (_, i) => `{{ .steps.s${i}.output }} text\n`);
const large = lines.join('');
const largeParseMs = millis((r) => parseTemplate(`${large}${r}`));
const largeTpl = parseTemplate(large);
const referencesMs = millis(() => templateReferences(largeTpl));

console.log(`one-line template: parse ${parseUs.toFixed(2)} µs, render ${renderUs.toFixed(2)} µs (median of ${REPEATS} × ${ONE_LINE_RUNS})`);
console.log(`large template (${(large.length / 1024).toFixed(0)} KB, ${REFERENCES} references): parse ${largeParseMs.toFixed(1)} ms, references ${referencesMs.toFixed(1)} ms (median of ${REPEATS})`);
