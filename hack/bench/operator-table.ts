// The operator bench's table: figures with their targets, met or MISSED.
import { loadavg } from 'node:os';
import type { Steady } from './operator-process.js';
import type { ScaleFigures } from './operator-scale.js';

const MIB = 1024;
const GROWTH_TARGET_KIB = 30;
const TOTAL_TARGET_KIB = 160 * MIB;

export interface Row {
  figure: string;
  value: string;
  target?: string;
  met?: boolean;
}

export function scaleRows(scale: ScaleFigures): Row[] {
  const { agents, runs } = scale;
  const growthKiB = (scale.loaded.meanKiB - scale.idle.meanKiB) / agents;
  const total = (figure: string, steady: Steady): Row[] => [
    { figure: `${figure}, steady (mean VmRSS over 5 s)`, value: `${mib(steady.meanKiB)} (max ${mib(steady.maxKiB)})`, target: '≤ 160 MiB', met: steady.meanKiB <= TOTAL_TARGET_KIB },
    { figure: `${figure}, peak (VmHWM)`, value: mib(steady.hwmKiB), target: '≤ 160 MiB', met: steady.hwmKiB <= TOTAL_TARGET_KIB },
  ];
  return [
    { figure: 'operator start → controllers running, webhooks registered (empty cluster)', value: seconds(scale.readyMs) },
    { figure: 'operator RSS idle (mean VmRSS over 5 s)', value: `${mib(scale.idle.meanKiB)} (VmHWM ${mib(scale.idle.hwmKiB)})` },
    { figure: `kubectl apply of ${agents} ArkAgents (through the webhooks)`, value: seconds(scale.applyMs) },
    { figure: `apply start → all ${agents} agents reconciled (Deployment + observedGeneration)`, value: seconds(scale.createdToReconciledMs) },
    { figure: `${runs} ArkRuns applied → all Running`, value: seconds(scale.runsRunningMs) },
    ...total(`RSS with ${agents} agents + ${runs} active runs`, scale.loaded),
    { figure: 'RSS growth per agent ((loaded − idle) ÷ 1,000)', value: `${growthKiB.toFixed(1)} KiB`, target: '≤ 30 KiB', met: growthKiB <= GROWTH_TARGET_KIB },
    { figure: `new operator start → all ${agents} changed agents reconciled`, value: seconds(scale.restartToReconciledMs) },
    ...total('after that restart, same load', scale.restarted),
  ];
}

export const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const mib = (kib: number) => `${(kib / MIB).toFixed(1)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((row) => row.figure.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  for (const row of rows) {
    const verdict = row.met === undefined ? '' : row.met ? 'met' : 'MISSED';
    console.log(`  ${row.figure.padEnd(width)}  ${row.value.padEnd(valueWidth)}  ${(row.target ?? '').padEnd(10)} ${verdict}`);
  }
}
