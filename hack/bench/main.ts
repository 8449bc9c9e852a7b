// `npm run bench`: engine overhead per step on a 10,000-step DAG (zero-delay mock, the
// whole local stack: engine, in-memory queue, agent loop, mock provider) against the bare
// engine, and `ark run` cold start on the quickstart. Figures, not assertions: these
// machines are shared, so compare ratios measured in one run.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ArkDocument } from '../../src/api/index.js';
import { emptyBundle } from '../../src/cli/files.js';
import { LocalTeamRuntime } from '../../src/cli/local/team-runtime.js';
import { ProviderPool } from '../../src/cli/local/providers.js';
import { validateDocument } from '../../src/core/validate/index.js';
import { EventRecorder } from '../../src/engine/event-log.js';
import { discardEvents } from '../../src/engine/events.js';
import { runTeam } from '../../src/engine/run.js';
import { MemoryEventLog } from '../../src/store/memory-event-log.js';
import { MemoryRunStore } from '../../src/store/memory-run-store.js';
import { silentTelemetry } from '../../src/telemetry/types.js';
import { layeredTeam } from './dag.js';

const LAYERS = 100;
const WIDTH = 100;
const STEPS = LAYERS * WIDTH;
const REPEATS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function engineOnly(team: ArkDocument<'ArkTeam'>): Promise<number> {
  const start = performance.now();
  const result = await runTeam({
    runId: 'bench', teamName: 'bench', team: team.spec, input: { topic: 'x' },
    dispatcher: { dispatch: async (task) => ({ output: task.prompt.slice(0, 40), usage: { input: 1, output: 1, total: 2 } }) },
  });
  if (result.phase !== 'Succeeded') throw new Error(`bench run ended ${result.phase}: ${result.message}`);
  return performance.now() - start;
}

async function fullStack(team: ArkDocument<'ArkTeam'>, withLog = false): Promise<number> {
  const bundle = emptyBundle();
  // Wired as `ark run` wires it: state into a memory store; events into a memory log only
  // when something reads them (--watch, --trace), which `withLog` plays.
  const telemetry = silentTelemetry();
  const recorder = new EventRecorder(new MemoryEventLog(), telemetry);
  const runtime = new LocalTeamRuntime({ value: team, file: 'bench.yaml', line: 1 }, {
    bundle, providers: new ProviderPool('mock', {}, {}), events: withLog ? recorder : discardEvents, telemetry, noMcp: true,
  });
  await runtime.start();
  const start = performance.now();
  const result = await runtime.run({ runId: 'bench', input: { topic: 'x' }, store: new MemoryRunStore() });
  await recorder.flush();
  const elapsed = performance.now() - start;
  await runtime.close();
  if (result.phase !== 'Succeeded') throw new Error(`bench run ended ${result.phase}: ${result.message}`);
  return elapsed;
}

function coldStart(): number[] {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    execFileSync(process.execPath, ['bin/ark.js', 'run', 'examples/quickstart.yaml', '--provider', 'mock'], { stdio: 'ignore' });
    times.push(performance.now() - start);
  }
  return times;
}

async function main(): Promise<void> {
  const validateStart = performance.now();
  const validated = validateDocument(layeredTeam(LAYERS, WIDTH));
  const validateMs = performance.now() - validateStart;
  if (!validated.ok || validated.kind !== 'ArkTeam') throw new Error(`bench team invalid: ${JSON.stringify(validated.issues.slice(0, 3))}`);
  const team = validated.value as ArkDocument<'ArkTeam'>;
  console.log(`DAG: ${STEPS} steps (${LAYERS} layers × ${WIDTH}); validation (admission rules) ${validateMs.toFixed(0)} ms`);

  // The first run of each includes JIT warm-up; it is reported apart from the steady state.
  const firstBare = await engineOnly(team);
  const firstFull = await fullStack(team);
  const bare: number[] = [];
  const full: number[] = [];
  const logged: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    bare.push(await engineOnly(team));
    full.push(await fullStack(team));
    logged.push(await fullStack(team, true));
  }
  const perStep = (ms: number): string => `${((ms * 1000) / STEPS).toFixed(1)} µs/step`;
  console.log(`engine only (inline dispatcher):       median ${perStep(median(bare))}, best ${perStep(Math.min(...bare))}, first run ${perStep(firstBare)}`);
  console.log(`full local stack (queue+agent+mock):   median ${perStep(median(full))}, best ${perStep(Math.min(...full))}, first run ${perStep(firstFull)}   target ≤ 50 µs/step`);
  console.log(`full stack + event log (--watch):      median ${perStep(median(logged))}, best ${perStep(Math.min(...logged))}`);
  console.log(`full stack / engine only:              ${(median(full) / median(bare)).toFixed(2)}×`);
  console.log(`RSS after runs: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

  const cold = coldStart();
  console.log(`ark run quickstart cold start (10 runs): median ${median(cold).toFixed(0)} ms, best ${Math.min(...cold).toFixed(0)} ms   target ≤ 500 ms`);
}

await main();
