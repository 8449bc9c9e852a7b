// `npm run bench operator`: the reconciler's scale figures against their targets, in one run.
// Part 1 (operator-runs.ts): a 100-step sequential pipeline through kube-apiserver + Redis +
// an `ark runtime` with a zero-delay mock, against the in-process engine. Part 2
// (operator-scale.ts): an `ark operator` process's RSS idle and with 1,000 ArkAgents (+ their
// Deployments) and 100 active runs, and how long it takes to reconcile all 1,000 agents.
// Figures, not assertions: a missed target is printed as missed.
import { loadavg } from 'node:os';
import { kubeBinDir, measurePipeline, median, STEPS } from './operator-runs.js';
import { AGENTS, measureScale, RUNS } from './operator-scale.js';
import type { Steady } from './operator-process.js';

const MIB = 1024;
const GROWTH_TARGET_KIB = 30;
const TOTAL_TARGET_KIB = 160 * MIB;
const PIPELINE_TARGET_MS = 1_000;

interface Row {
  figure: string;
  value: string;
  target?: string;
  met?: boolean;
}

export default async function main(): Promise<void> {
  const binDir = kubeBinDir();
  const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
  const loadBefore = load();
  const pipeline = await measurePipeline(binDir);
  const scale = await measureScale(binDir);
  const cluster = median(pipeline.cluster);
  const memory = median(pipeline.memory);
  const growthKiB = (scale.loaded.meanKiB - scale.idle.meanKiB) / AGENTS;
  const mib = (kib: number) => `${(kib / MIB).toFixed(1)} MiB`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const total = (figure: string, steady: Steady): Row[] => [
    { figure: `${figure}, steady (mean VmRSS over 5 s)`, value: `${mib(steady.meanKiB)} (max ${mib(steady.maxKiB)})`, target: '≤ 160 MiB', met: steady.meanKiB <= TOTAL_TARGET_KIB },
    { figure: `${figure}, peak (VmHWM)`, value: mib(steady.hwmKiB), target: '≤ 160 MiB', met: steady.hwmKiB <= TOTAL_TARGET_KIB },
  ];
  const rows: Row[] = [
    { figure: `${STEPS}-step pipeline, kube-apiserver + Redis + ark runtime (median of ${pipeline.cluster.length})`, value: `${cluster.toFixed(0)} ms (rounds ${pipeline.cluster.map((ms) => ms.toFixed(0)).join(', ')})`, target: '< 1000 ms', met: cluster < PIPELINE_TARGET_MS },
    { figure: 'same pipeline, in-process engine (memory queue)', value: `${memory.toFixed(1)} ms` },
    { figure: 'per-step overhead, cluster ÷ in-process', value: `${(cluster / memory).toFixed(1)}× (${((cluster * 1000) / STEPS).toFixed(0)} vs ${((memory * 1000) / STEPS).toFixed(0)} µs/step)` },
    { figure: 'operator start → controllers running, webhooks registered (empty cluster)', value: seconds(scale.readyMs) },
    { figure: 'operator RSS idle (mean VmRSS over 5 s)', value: `${mib(scale.idle.meanKiB)} (VmHWM ${mib(scale.idle.hwmKiB)})` },
    { figure: `kubectl apply of ${AGENTS} ArkAgents (through the webhooks)`, value: seconds(scale.applyMs) },
    { figure: `apply start → all ${AGENTS} agents reconciled (Deployment + observedGeneration)`, value: seconds(scale.createdToReconciledMs) },
    { figure: `${RUNS} ArkRuns applied → all Running`, value: seconds(scale.runsRunningMs) },
    ...total(`RSS with ${AGENTS} agents + ${RUNS} active runs`, scale.loaded),
    { figure: 'RSS growth per agent ((loaded − idle) ÷ 1,000)', value: `${growthKiB.toFixed(1)} KiB`, target: '≤ 30 KiB', met: growthKiB <= GROWTH_TARGET_KIB },
    { figure: `new operator start → all ${AGENTS} changed agents reconciled`, value: seconds(scale.restartToReconciledMs) },
    ...total('after that restart, same load', scale.restarted),
  ];
  console.log(`operator bench (load average before: ${loadBefore}; after: ${load()})`);
  printTable(rows);
}

function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((row) => row.figure.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  for (const row of rows) {
    const verdict = row.met === undefined ? '' : row.met ? 'met' : 'MISSED';
    console.log(`  ${row.figure.padEnd(width)}  ${row.value.padEnd(valueWidth)}  ${(row.target ?? '').padEnd(10)} ${verdict}`);
  }
}
