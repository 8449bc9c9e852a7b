// The differential template suite: every corpus case (Go's execTests over JSON data, ARKONIS
// step templates, seeded random templates; hack/gotemplate/corpus) rendered by real Go
// text/template + Sprig v3 (hack/gotemplate, built into the cache on first use) and by our
// engine. A difference fails unless a listed deliberate deviation explains it.
import { beforeAll, describe, expect, it } from 'vitest';
import { differentialCorpus } from '../../hack/gotemplate/corpus/cases.js';
import type { Case } from '../../hack/gotemplate/corpus/cases.js';
import type { OurResult, Verdict } from '../../hack/gotemplate/differential.js';
import { classify, renderOurs } from '../../hack/gotemplate/differential.js';
import type { GoResult } from '../../hack/gotemplate/renderer.js';
import { ensureGoTemplate, renderWithGo } from '../../hack/gotemplate/renderer.js';
import { DEVIATION_IDS } from '../../src/core/template/deviations.js';

interface Outcome { readonly c: Case; readonly go: GoResult; readonly ours: OurResult; readonly verdict: Verdict }

const corpus = differentialCorpus();
const runnable = corpus.filter((c) => c.skip === undefined);
let outcomes: Outcome[] = [];

beforeAll(() => {
  const go = renderWithGo(ensureGoTemplate(), runnable);
  outcomes = runnable.map((c, i) => {
    const g = go[i] as GoResult;
    const ours = renderOurs(c);
    return { c, go: g, ours, verdict: classify(c, g, ours) };
  });
  const count = (kind: Verdict['kind']): number => outcomes.filter((o) => o.verdict.kind === kind).length;
  const byDeviation = new Map<string, number>();
  for (const o of outcomes) if (o.verdict.kind === 'deviation') for (const id of o.verdict.ids) byDeviation.set(id, (byDeviation.get(id) ?? 0) + 1);
  console.error(
    `[templates-go] ${corpus.length} cases: ${count('match')} match Go, ${count('deviation')} differ by listed deviations ` +
      `(${[...byDeviation].map(([id, n]) => `${id} ${n}`).join(', ')}), ${count('mismatch')} mismatches, ${corpus.length - runnable.length} skipped`,
  );
  const skips = new Map<string, number>();
  for (const c of corpus) if (c.skip !== undefined) skips.set(skipKind(c.skip), (skips.get(skipKind(c.skip)) ?? 0) + 1);
  console.error(`[templates-go] skipped: ${[...skips].map(([why, n]) => `${n} ${why}`).join('; ')}`);
});

/** A skip reason without the name it quotes, to count reasons of one kind together. */
function skipKind(reason: string): string {
  return reason.replace(/"[^"]*"|\([^)]*\)/g, '…');
}

function describeOutcome(o: Outcome): string {
  return `${o.c.id}: ${JSON.stringify(o.c.template)}\n  go:   ${JSON.stringify(o.go)}\n  ours: ${JSON.stringify(o.ours)}`;
}

describe('templates against Go text/template + Sprig v3', () => {
  it('renders every case like Go, or differs only by a listed deviation', () => {
    const mismatches = outcomes.filter((o) => o.verdict.kind === 'mismatch').map(describeOutcome);
    expect(mismatches).toEqual([]);
  });

  it('fails only with TemplateError', () => {
    const raw = outcomes.filter((o) => 'error' in o.ours && !o.ours.templateError).map(describeOutcome);
    expect(raw).toEqual([]);
  });

  it('names only listed deviations', () => {
    const ids = outcomes.flatMap((o) => (o.verdict.kind === 'deviation' ? o.verdict.ids : []));
    expect(ids.filter((id) => !DEVIATION_IDS.has(id))).toEqual([]);
  });

  it('runs enough of each set: skips have reasons and most cases match exactly', () => {
    for (const set of ['go/', 'steps/', 'edge/', 'random/']) {
      const inSet = outcomes.filter((o) => o.c.id.startsWith(set));
      const matches = inSet.filter((o) => o.verdict.kind === 'match').length;
      expect(matches, set).toBeGreaterThan(inSet.length / 2);
    }
    expect(corpus.filter((c) => c.skip !== undefined && c.skip.trim() === '')).toEqual([]);
  });
});
