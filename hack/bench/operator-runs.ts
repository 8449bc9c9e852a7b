// `npm run bench operator-runs` (also the first part of `npm run bench operator`): a
// 100-step sequential pipeline through kube-apiserver + Redis + an `ark runtime` process
// (zero-delay mock), from `create` of the ArkRun to its Succeeded status, against the
// in-process engine (runTeam over the memory queue) on the same pipeline in the same run.
// Figures, not assertions.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { arkTeamSpec, GROUP, VERSION, type ArkTeamSpec } from '../../src/api/index.js';
import { startRunController } from '../../src/controller/runs/index.js';
import { systemClock } from '../../src/engine/clock.js';
import { runTeam } from '../../src/engine/run.js';
import { kubeClients } from '../../src/kube/client.js';
import { QueueDispatcher } from '../../src/queue/dispatcher.js';
import { MemoryQueue } from '../../src/queue/memory.js';
import { agentQueue } from '../../src/queue/names.js';
import { startControlPlane, stopControlPlane } from '../kube-env/control-plane.js';
import { ClusterProgress } from './cluster-progress.js';
import { stopChild } from './operator-process.js';
import { startBenchRedis } from './redis-server.js';

export const STEPS = 100;
const ROUNDS = 3;
const NS = 'bench';

function pipeline(): ArkTeamSpec {
  const steps = Array.from({ length: STEPS });
  // One role per step so the chain is a DAG of distinct steps, all played by one ArkAgent.
  return arkTeamSpec.parse({
    roles: steps.map((_, i) => ({ name: `s${i}`, arkAgent: 'worker' })),
    pipeline: steps.map((_, i) => ({ role: `s${i}`, ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}), inputs: { prompt: `step ${i}` } })),
  });
}

async function inProcess(team: ArkTeamSpec): Promise<number> {
  const queue = new MemoryQueue();
  const sub = queue.consume(agentQueue(NS, 'worker'), async (task) => ({ output: task.prompt, usage: { input: 1, output: 1, total: 2 } }), { concurrency: 5 });
  const start = performance.now();
  const result = await runTeam({ runId: `mem-${Date.now()}`, teamName: 'chain', team, input: {}, dispatcher: new QueueDispatcher(queue, () => agentQueue(NS, 'worker')) });
  const ms = performance.now() - start;
  await sub.close();
  await queue.close();
  if (result.phase !== 'Succeeded') throw new Error(`in-process run ended ${result.phase}`);
  return ms;
}

/** End-to-end time of each round of the pipeline, through the cluster and in process (ms). */
export interface PipelineFigures {
  cluster: number[];
  memory: number[];
}

/** The kube binaries' directory: build.sh (a no-op when cached) is run from the repository, as the bench runs from dist/. */
export function kubeBinDir(): string {
  return execFileSync('bash', ['hack/kube-env/build.sh'], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim().split('\n').pop() ?? '';
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** `npm run bench operator-runs`: the figures, printed. */
export default async function main(): Promise<void> {
  const { cluster, memory } = await measurePipeline(kubeBinDir());
  const perStep = (ms: number) => `${((ms * 1000) / STEPS).toFixed(0)} µs/step`;
  console.log(`operator-runs: ${STEPS}-step sequential pipeline, zero-delay mock, ${ROUNDS} rounds`);
  console.log(`  kube-apiserver + Redis + ark runtime: median ${median(cluster).toFixed(0)} ms end to end (${perStep(median(cluster))}); rounds ${cluster.map((ms) => ms.toFixed(0)).join(', ')} ms   target < 1000 ms`);
  console.log(`  in-process engine (memory queue):     median ${median(memory).toFixed(1)} ms (${perStep(median(memory))})`);
  console.log(`  per-step overhead, cluster ÷ in-process: ${(median(cluster) / median(memory)).toFixed(1)}×`);
}

/** Both pipelines, ROUNDS times each, on a control plane and redis-server of their own. */
export async function measurePipeline(binDir: string): Promise<PipelineFigures> {
  const stateDir = await mkdtemp(join(tmpdir(), 'arkonis-bench-operator-'));
  const plane = await startControlPlane(stateDir, binDir);
  const redis = await startBenchRedis();
  const kubectl = (...args: string[]) => execFileSync(join(binDir, 'kubectl'), args, { env: { ...process.env, KUBECONFIG: plane.kubeconfig }, stdio: 'pipe' });
  const agentSpec = { model: 'mock', systemPrompt: 'Work.', limits: { maxConcurrentTasks: 5, maxTokensPerCall: 8000, timeoutSeconds: 120 }, replicas: 1 };
  const runtime = spawn(process.execPath, ['bin/ark.js', 'runtime'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', TASK_QUEUE_URL: redis.url, AGENT_NAME: 'worker', AGENT_NAMESPACE: NS, POD_NAME: 'worker-0', AGENT_SPEC: JSON.stringify(agentSpec), MOCK_DELAY_MS: '0' },
    stdio: 'ignore',
  });
  const clients = kubeClients(plane.kubeconfig);
  const controller = await startRunController({ clients, redisUrl: redis.url, clock: systemClock, log: () => undefined });
  try {
    kubectl('apply', '--server-side', '-f', 'manifests/crds');
    kubectl('wait', '--for=condition=Established', '--timeout=60s', 'crd/arkruns.arkonis.dev');
    kubectl('create', 'namespace', NS);
    const team = pipeline();
    const cluster: number[] = [];
    const memory: number[] = [];
    const progress = new ClusterProgress(clients, NS);
    await progress.start();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        memory.push(await inProcess(team));
        cluster.push(await clusterRun(clients, progress, team, `chain-${round}`));
      }
    } finally {
      progress.stop();
    }
    return { cluster, memory };
  } finally {
    await controller.stop();
    await stopChild(runtime);
    await redis.stop();
    await stopControlPlane(stateDir, plane);
  }
}

/**
 * From create to the Succeeded status, seen through a watch (the moment the change arrives;
 * polling the 100-step object would load the apiserver it measures). The first run includes
 * the runtime's warm-up.
 */
async function clusterRun(clients: ReturnType<typeof kubeClients>, progress: ClusterProgress, team: ArkTeamSpec, name: string): Promise<number> {
  const start = performance.now();
  // The snapshot the mutating webhook would write (no webhook in this bench).
  const body = { apiVersion: `${GROUP}/${VERSION}`, kind: 'ArkRun', metadata: { name }, spec: { teamRef: { name: 'chain' }, input: {}, teamSpec: team } };
  await clients.custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: NS, plural: 'arkruns', body });
  const phase = () => progress.runs.get(NS, name) ?? '';
  const end = await progress.until(`run ${name}`, () => !['', 'Pending', 'Running'].includes(phase()), () => `phase ${phase() || 'none'}`, 120_000);
  if (phase() !== 'Succeeded') throw new Error(`bench run ${name} ended ${phase()}`);
  return end - start;
}
