// `npm run bench webhook`: admission latency over TLS on loopback at a fixed 1,000 requests/s
// (open loop: requests leave on schedule whether or not earlier ones returned), with 10-step
// ArkTeam reviews, against an empty express HTTPS handler as the floor, in the same run.
// Rounds alternate floor and ours so drift on a shared machine hits both. Every review is
// distinct (template caches cannot answer). Targets: p99 ≤ 2 ms; ours ≤ 1.5× the floor.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:https';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDevCerts } from '../../src/server/dev-certs.js';
import { layeredTeam } from './dag.js';

const RATE = 1_000;
const WARMUP_S = 2;
const ROUND_S = 5;
const ROUNDS = 2;
const STEPS = { layers: 5, width: 2 };

type Target = 'floor' | 'ours';
interface Server { child: ChildProcess; port: number }

async function startServer(which: Target, certFile: string, keyFile: string): Promise<Server> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'webhook-server.js'), which, certFile, keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`bench server ${which} exited ${code}`)));
  });
  return { child, port };
}

let sequence = 0;
/** A fresh 10-step team review: prompts carry a sequence number so no two are alike. */
function teamReview(): string {
  const team = layeredTeam(STEPS.layers, STEPS.width) as { metadata: { name: string; namespace?: string }; spec: { pipeline: { inputs: { prompt: string } }[] } };
  const n = ++sequence;
  for (const step of team.spec.pipeline) step.inputs.prompt += ` #${n}`;
  team.metadata = { name: `bench-${n}`, namespace: 'bench' };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: { uid: `uid-${n}`, kind: { group: 'arkonis.dev', version: 'v1alpha1', kind: 'ArkTeam' }, operation: 'CREATE', namespace: 'bench', object: team },
  });
}

function post(agent: Agent, port: number, path: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode ?? 0}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends at RATE for `seconds`; returns per-request latencies (ms) and the achieved throughput. */
async function drive(agent: Agent, port: number, path: string, seconds: number): Promise<{ latencies: number[]; throughput: number }> {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const total = RATE * seconds;
  const bodies = Array.from({ length: total }, teamReview);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
    for (; sent < due; sent++) {
      const t0 = performance.now();
      inflight.push(post(agent, port, path, bodies[sent]!).then(() => { latencies.push(performance.now() - t0); }));
    }
    // A timer, not a spin: the load generator must not take the server's core.
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  return { latencies, throughput: latencies.length / ((performance.now() - start) / 1000) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const certs = await ensureDevCerts(await mkdtemp(join(tmpdir(), 'arkonis-bench-certs-')));
  const samples: Record<Target, { latencies: number[]; throughput: number[] }> = { floor: { latencies: [], throughput: [] }, ours: { latencies: [], throughput: [] } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of ['floor', 'ours'] as const) {
      const server = await startServer(which, certs.certFile, certs.keyFile);
      const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: certs.caPem });
      await drive(agent, server.port, '/validate', WARMUP_S);
      const { latencies, throughput } = await drive(agent, server.port, '/validate', ROUND_S);
      samples[which].latencies.push(...latencies);
      samples[which].throughput.push(throughput);
      server.child.kill('SIGTERM');
      agent.destroy();
    }
  }
  const line = (which: Target): { p50: number; p99: number } => {
    const sorted = [...samples[which].latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const rps = samples[which].throughput.reduce((a, b) => a + b, 0) / samples[which].throughput.length;
    console.log(`${which === 'ours' ? 'admission /validate (10-step ArkTeam)' : 'floor: empty express HTTPS handler  '}: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms, ${rps.toFixed(0)} req/s (${sorted.length} requests)`);
    return { p50, p99 };
  };
  console.log(`webhook bench: TLS on loopback, ${RATE} req/s open loop, ${ROUNDS} rounds × ${ROUND_S} s per server (after ${WARMUP_S} s warm-up)`);
  const floor = line('floor');
  const ours = line('ours');
  console.log(`ours / floor: p99 ${(ours.p99 / floor.p99).toFixed(2)}× (target ≤ 1.5×), p50 ${(ours.p50 / floor.p50).toFixed(2)}×; our p99 target ≤ 2 ms`);
}

await main();
