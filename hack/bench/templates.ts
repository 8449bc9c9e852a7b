// Template costs: parse and render of a typical one-line pipeline template, parsing and
// reference extraction (what admission runs) on a ~1 MB template with 32,000 references,
// and the differential corpus (hack/gotemplate/corpus) timed against real Go text/template
// + Sprig v3: ours ÷ Go per template, for parse+render and for render only (target ≤ 1.0).
// Figures, not assertions: these machines are shared, so compare numbers from one run.
// Run with `npx tsx hack/bench/templates.ts` (or `npm run bench`); TEMPLATE_BENCH_WORST=1
// also lists the templates with the highest render-only ratio.
import { performance } from 'node:perf_hooks';
import { differentialCorpus } from '../gotemplate/corpus/cases.js';
import { classify, renderOurs } from '../gotemplate/differential.js';
import { ensureGoTemplate, renderWithGo, timeWithGo } from '../gotemplate/renderer.js';
import { execute } from '../../src/core/template/exec.js';
import { parse } from '../../src/core/template/parser.js';
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

// The differential corpus against Go: only cases both engines render with the same output
// or a listed deviation, so both sides do the same work.
const env = { now: () => new Date(0) };
const goBin = ensureGoTemplate();
const runnable = differentialCorpus().filter((c) => c.skip === undefined);
const goResults = renderWithGo(goBin, runnable);
const timed = runnable.filter((c, i) => {
  const go = goResults[i];
  const ours = renderOurs(c);
  return go !== undefined && 'output' in go && 'output' in ours && classify(c, go, ours).kind !== 'mismatch';
});
for (let warm = 0; warm < 20; warm++) for (const c of timed) execute(c.template, parse(c.template), c.data, env);
const goTimes = timeWithGo(goBin, timed);

/**
 * ns per call of body: the median of REPEATS samples, each of as many calls as take at least
 * 2 ms, exactly as hack/gotemplate/main.go times Go.
 */
function calibratedNs(body: () => void): number {
  let n = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i++) body();
    if (performance.now() - start >= 2) break;
    n *= 2;
  }
  return microsPerCall(n, body) * 1000;
}

const totals = { ours: { parseRender: 0, render: 0 }, go: { parseRender: 0, render: 0 } };
const ratios = timed.map((c, i) => {
  const root = parse(c.template);
  const parseRenderNs = calibratedNs(() => execute(c.template, parse(c.template), c.data, env));
  const renderNs = calibratedNs(() => execute(c.template, root, c.data, env));
  const go = goTimes[i];
  totals.ours.parseRender += parseRenderNs;
  totals.ours.render += renderNs;
  totals.go.parseRender += go?.parseRenderNs ?? NaN;
  totals.go.render += go?.renderNs ?? NaN;
  return { parseRender: parseRenderNs / (go?.parseRenderNs ?? NaN), render: renderNs / (go?.renderNs ?? NaN) };
});

const geomean = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
function ratioLine(name: string, xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const over = xs.filter((x) => x > 1).length;
  return `${name}: geometric mean ${geomean(xs).toFixed(2)}×, median ${median(xs).toFixed(2)}×, p90 ${(sorted[Math.floor(xs.length * 0.9)] ?? NaN).toFixed(2)}×, worst ${(sorted.at(-1) ?? NaN).toFixed(2)}×; slower than Go on ${over} of ${xs.length}   target ≤ 1.0`;
}
console.log(`differential corpus vs Go text/template + Sprig v3 (${timed.length} templates, median of ${REPEATS} samples of ≥ 2 ms each; ours ÷ Go per template):`);
console.log(`  ${ratioLine('parse+render', ratios.map((r) => r.parseRender))}`);
console.log(`  ${ratioLine('render only ', ratios.map((r) => r.render))}`);
console.log(`  whole corpus once: parse+render ours ${(totals.ours.parseRender / 1000).toFixed(0)} µs vs Go ${(totals.go.parseRender / 1000).toFixed(0)} µs (${(totals.ours.parseRender / totals.go.parseRender).toFixed(2)}×), render only ours ${(totals.ours.render / 1000).toFixed(0)} µs vs Go ${(totals.go.render / 1000).toFixed(0)} µs (${(totals.ours.render / totals.go.render).toFixed(2)}×)`);
if (process.env['TEMPLATE_BENCH_WORST']) {
  const worst = timed.map((c, i) => ({ c, r: ratios[i] })).sort((a, b) => (b.r?.render ?? 0) - (a.r?.render ?? 0)).slice(0, 15);
  for (const w of worst) console.log(w.r?.render.toFixed(2), w.r?.parseRender.toFixed(2), JSON.stringify(w.c.template).slice(0, 150));
}
