// The second part of `npm run bench operator`: the operator process's memory and reconcile
// time at scale, on a control plane and redis-server of its own. One `ark operator` process
// starts on an empty namespace (RSS idle); 1,000 ArkAgents are created with one kubectl apply,
// then a team whose role no runtime consumes and 100 ArkRuns of it, which stay Running (RSS
// loaded, time from the apply to every agent reconciled). The operator is stopped, every
// agent's spec changed (generation 2), and a new operator process started: time from its
// start to all 1,000 reconciled again, and its RSS with the same load.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { GROUP, VERSION } from '../../src/api/index.js';
import { kubeClients } from '../../src/kube/client.js';
import { startControlPlane, stopControlPlane } from '../kube-env/control-plane.js';
import { ClusterProgress } from './cluster-progress.js';
import { startOperatorProcess, steadyMemory } from './operator-process.js';
import type { OperatorProcess, OperatorSettings, Steady } from './operator-process.js';
import { startBenchRedis } from './redis-server.js';
import { kubeBinDir } from './operator-runs.js';
import { load, printTable, scaleRows } from './operator-table.js';

export const AGENTS = 1_000;
export const RUNS = 100;
const NS = 'bench-scale';
const AGENT_PREFIX = 'agent-';
/** How long RSS is sampled once the operator has nothing left to do. */
const SAMPLE_MS = 5_000;
/** Settling time before a sample: queues drain, the last status writes land. */
const SETTLE_MS = 3_000;
const RECONCILE_TIMEOUT_MS = 600_000;

export interface ScaleFigures {
  agents: number;
  runs: number;
  /** Spawn → controllers running and webhooks registered, on the empty cluster. */
  readyMs: number;
  idle: Steady;
  /** The one kubectl apply of the 1,000 ArkAgents. */
  applyMs: number;
  /** Start of that apply → every agent's Deployment exists and its status has observedGeneration 1. */
  createdToReconciledMs: number;
  /** Start of the runs' apply → all 100 Running. */
  runsRunningMs: number;
  loaded: Steady;
  /** Spawn of a second operator, with every agent at generation 2 → all reconciled again. */
  restartToReconciledMs: number;
  restarted: Steady;
}

const apiVersion = `${GROUP}/${VERSION}`;
const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

function agents(generation: number): string {
  return list(Array.from({ length: AGENTS }, (_, i) => ({
    apiVersion, kind: 'ArkAgent', metadata: { name: `${AGENT_PREFIX}${String(i).padStart(4, '0')}`, namespace: NS },
    spec: { model: 'mock', systemPrompt: `You are agent ${i} (revision ${generation}). Answer briefly.`, replicas: 1 },
  })));
}

/** A team whose one role gets a Deployment but no pod, so its runs wait for their first task. */
function idleTeamAndRuns(): { team: string; runs: string } {
  const team = list([{
    apiVersion, kind: 'ArkTeam', metadata: { name: 'idle', namespace: NS },
    spec: { roles: [{ name: 'worker', model: 'mock', systemPrompt: 'Work.', limits: { timeoutSeconds: 86_400 } }], pipeline: [{ role: 'worker', inputs: { prompt: 'wait' } }] },
  }]);
  const runs = list(Array.from({ length: RUNS }, (_, i) => ({
    apiVersion, kind: 'ArkRun', metadata: { name: `idle-${String(i).padStart(3, '0')}`, namespace: NS }, spec: { teamRef: { name: 'idle' } },
  })));
  return { team, runs };
}

export async function measureScale(binDir: string): Promise<ScaleFigures> {
  const stateDir = await mkdtemp(join(tmpdir(), 'arkonis-bench-operator-scale-'));
  // Outside the state dir (removed with the control plane), so a failed bench leaves the log to read.
  const logDir = await mkdtemp(join(tmpdir(), 'arkonis-bench-operator-log-'));
  const plane = await startControlPlane(stateDir, binDir);
  const redis = await startBenchRedis();
  const run = promisify(execFile);
  const kubectl = (...args: string[]) => run(join(binDir, 'kubectl'), args, { env: { ...process.env, KUBECONFIG: plane.kubeconfig }, maxBuffer: 64 * 1024 * 1024 });
  const applyFile = async (name: string, content: string) => {
    const file = join(stateDir, name);
    await writeFile(file, content);
    await kubectl('apply', '--server-side', '-f', file);
  };
  const progress = new ClusterProgress(kubeClients(plane.kubeconfig), NS);
  const settings: OperatorSettings = { kubeconfig: plane.kubeconfig, redisUrl: redis.url, namespace: NS, certDir: join(stateDir, 'dev-certs'), logFile: join(logDir, 'operator.log') };
  let operator: OperatorProcess | undefined;
  try {
    await kubectl('apply', '--server-side', '-f', 'manifests/crds');
    await kubectl('wait', '--for=condition=Established', '--timeout=60s', 'crd/arkagents.arkonis.dev', 'crd/arkteams.arkonis.dev', 'crd/arkruns.arkonis.dev');
    await kubectl('create', 'namespace', NS);
    await progress.start();

    operator = await startOperatorProcess(settings);
    const readyMs = (await ready(operator)) - operator.startedAt;
    await pause(SETTLE_MS);
    const idle = await steadyMemory(operator.pid, SAMPLE_MS);

    const reconciled = (generation: number) => () => progress.reconciled(AGENT_PREFIX, generation) >= AGENTS;
    const howFar = (generation: number) => () => `${progress.reconciled(AGENT_PREFIX, generation)}/${AGENTS} agents reconciled at generation ${generation}, ${progress.deployments.size} Deployments`;
    const createdAt = performance.now();
    await applyFile('agents-1.json', agents(1));
    const appliedAt = performance.now();
    const allReconciled = await progress.until('1,000 created agents reconciled', reconciled(1), howFar(1), RECONCILE_TIMEOUT_MS);

    const { team, runs } = idleTeamAndRuns();
    await applyFile('team.json', team);
    const runsAt = performance.now();
    await applyFile('runs.json', runs);
    const running = () => `${progress.inPhase('Running')}/${RUNS} runs Running`;
    const runsRunning = await progress.until('100 runs Running', () => progress.inPhase('Running') >= RUNS, running, RECONCILE_TIMEOUT_MS);
    await pause(SETTLE_MS);
    const loaded = await steadyMemory(operator.pid, SAMPLE_MS);

    // Stopped before the change, so the new process finds every agent out of date.
    await operator.stop();
    await applyFile('agents-2.json', agents(2));
    operator = await startOperatorProcess(settings);
    const restartAt = await progress.until('1,000 changed agents reconciled after a restart', reconciled(2), howFar(2), RECONCILE_TIMEOUT_MS);
    await ready(operator);
    await progress.until('100 runs still Running', () => progress.inPhase('Running') >= RUNS, running, RECONCILE_TIMEOUT_MS);
    await pause(SETTLE_MS);
    const restarted = await steadyMemory(operator.pid, SAMPLE_MS);
    await operator.stop();
    await rm(logDir, { recursive: true, force: true });
    return {
      agents: AGENTS, runs: RUNS, readyMs, idle,
      applyMs: appliedAt - createdAt, createdToReconciledMs: allReconciled - createdAt,
      runsRunningMs: runsRunning - runsAt, loaded, restartToReconciledMs: restartAt - operator.startedAt, restarted,
    };
  } finally {
    progress.stop();
    await operator?.stop();
    await redis.stop();
    await stopControlPlane(stateDir, plane);
  }
}

/** When the controllers run and the webhooks are registered (objects created earlier are admitted by nobody). */
async function ready(operator: OperatorProcess): Promise<number> {
  const controllers = await operator.logged(/operator: controllers running/, 120_000);
  const webhooks = await operator.logged(/operator: registered webhook configurations/, 120_000);
  return Math.max(controllers, webhooks);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `npm run bench operator-scale`: this part of `npm run bench operator` alone. */
export default async function main(): Promise<void> {
  const loadBefore = load();
  const scale = await measureScale(kubeBinDir());
  console.log(`operator scale bench (load average before: ${loadBefore}; after: ${load()})`);
  printTable(scaleRows(scale));
}
