// The differential template corpus: Go's execTests over JSON data, ARKONIS step templates,
// hand-written edge cases and seeded random templates. Shared by the differential suite (test/e2e/templates-go.test.ts)
// and the template bench (hack/bench/templates.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../renderer.js';
import { edgeCases } from './edges.js';
import { randomCases } from './random.js';
import { stepCases } from './steps.js';

export interface Case {
  /** Unique within the corpus: `<set>/<name>`. */
  readonly id: string;
  readonly template: string;
  readonly data: unknown;
  /** Why the case cannot run against Go over JSON data (it is counted, not run). */
  readonly skip?: string;
  /** The deliberate deviation (src/core/template/deviations.ts) this case demonstrates. */
  readonly deviation?: string;
}

interface ExecTestsFile {
  readonly source: string;
  readonly cases: readonly { name: string; template?: string; data: unknown; skip?: string }[];
}

/** Go's execTests, translated by `go run ./exectests` (hack/gotemplate) into go-exec-tests.json. */
export function goExecCases(): Case[] {
  const file = join(repoRoot(), 'hack', 'gotemplate', 'corpus', 'go-exec-tests.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ExecTestsFile;
  const seen = new Map<string, number>();
  return parsed.cases.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    const id = `go/${c.name}${n > 1 ? ` #${n}` : ''}`;
    return { id, template: c.template ?? '', data: c.data, ...(c.skip ? { skip: c.skip } : {}) };
  });
}

export const RANDOM_SEED = 20260;
export const RANDOM_COUNT = 300;

export function differentialCorpus(): Case[] {
  return [...goExecCases(), ...stepCases(), ...edgeCases(), ...randomCases(RANDOM_SEED, RANDOM_COUNT)];
}
