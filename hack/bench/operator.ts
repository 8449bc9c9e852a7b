// `npm run bench operator`: the reconciler's scale figures against their targets, in one run.
// Part 1 (operator-runs.ts): a 100-step sequential pipeline through kube-apiserver + Redis +
// an `ark runtime` with a zero-delay mock, against the in-process engine. Part 2
// (operator-scale.ts, alone: `npm run bench operator-scale`): an `ark operator` process's RSS
// idle and with 1,000 ArkAgents (+ their Deployments) and 100 active runs, and how long it
// takes to reconcile all 1,000 agents.
// Figures, not assertions: a missed target is printed as missed.
import { kubeBinDir, measurePipeline, median, STEPS } from './operator-runs.js';
import { measureScale } from './operator-scale.js';
import { load, printTable, scaleRows } from './operator-table.js';
import type { Row } from './operator-table.js';

const PIPELINE_TARGET_MS = 1_000;

export default async function main(): Promise<void> {
  const binDir = kubeBinDir();
  const loadBefore = load();
  const pipeline = await measurePipeline(binDir);
  const scale = await measureScale(binDir);
  const cluster = median(pipeline.cluster);
  const memory = median(pipeline.memory);
  const rows: Row[] = [
    { figure: `${STEPS}-step pipeline, kube-apiserver + Redis + ark runtime (median of ${pipeline.cluster.length})`, value: `${cluster.toFixed(0)} ms (rounds ${pipeline.cluster.map((ms) => ms.toFixed(0)).join(', ')})`, target: '< 1000 ms', met: cluster < PIPELINE_TARGET_MS },
    { figure: 'same pipeline, in-process engine (memory queue)', value: `${memory.toFixed(1)} ms` },
    { figure: 'per-step overhead, cluster ÷ in-process', value: `${(cluster / memory).toFixed(1)}× (${((cluster * 1000) / STEPS).toFixed(0)} vs ${((memory * 1000) / STEPS).toFixed(0)} µs/step)` },
    ...scaleRows(scale),
  ];
  console.log(`operator bench (load average before: ${loadBefore}; after: ${load()})`);
  printTable(rows);
}
