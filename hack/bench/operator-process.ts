// `ark operator` as its own process for the operator bench, so its memory is its own: started
// from the built dist as the image's ENTRYPOINT starts it (bin/ark.js through its shebang),
// its log kept in a file, its VmRSS / VmHWM read from /proc/<pid>/status.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { freePorts } from '../kube-env/net.js';

export interface OperatorProcess {
  pid: number;
  /** performance.now() right before the spawn. */
  startedAt: number;
  /** Resolves with performance.now() when a log line matches; rejects when the process exits first. */
  logged(pattern: RegExp, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

export interface OperatorSettings {
  kubeconfig: string;
  redisUrl: string;
  namespace: string;
  certDir: string;
  logFile: string;
}

/**
 * The dev stack's flags (--dev-register, scoped to the bench namespace), with the aggregated
 * API off (it is no part of the reconciler and would register a cluster-wide APIService) and
 * no leader election (one replica). Webhooks stay on: they cannot be switched off alone, and a
 * real operator serves them next to the controllers.
 */
export async function startOperatorProcess(settings: OperatorSettings): Promise<OperatorProcess> {
  const [metricsPort, webhookPort] = (await freePorts(2)) as [number, number];
  const args = ['operator', '--dev-register', '--kubeconfig', settings.kubeconfig, '--redis-url', settings.redisUrl,
    '--metrics-port', String(metricsPort), '--webhook-port', String(webhookPort), '--dev-cert-dir', settings.certDir,
    '--dev-namespace', settings.namespace, '--dev-config-name', `bench-${settings.namespace}`, '--no-apiservice', '--no-leader-elect',
    '--agent-image', 'example.test/ark:bench', '--agent-image-pull-policy', 'Never'];
  const startedAt = performance.now();
  const child = spawn('bin/ark.js', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('could not start bin/ark.js operator; fix: run the bench from the repository root after npm run build');
  const lines = collectLines(child, settings.logFile);
  return {
    pid: child.pid,
    startedAt,
    logged: (pattern, timeoutMs) => lines.waitFor(pattern, timeoutMs),
    stop: () => stopChild(child),
  };
}

/** How long a bench child gets between SIGTERM and SIGKILL. */
const STOP_GRACE_MS = 15_000;

/**
 * SIGTERM, then SIGKILL once the grace period is over: a process that waits on a server
 * the bench is about to stop must not keep the bench (and itself) alive.
 */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

/** Appends every output line to the log file and lets callers wait for one. */
function collectLines(child: ChildProcess, logFile: string): { waitFor(pattern: RegExp, timeoutMs: number): Promise<number> } {
  const log = createWriteStream(logFile, { flags: 'a' });
  const seen: { line: string; at: number }[] = [];
  const waiting = new Set<() => void>();
  let buffer = '';
  const onData = (chunk: Buffer) => {
    const at = performance.now();
    log.write(chunk);
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) seen.push({ line, at });
    for (const wake of waiting) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', () => { log.end(); for (const wake of waiting) wake(); });
  return {
    waitFor: (pattern, timeoutMs) => new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`ark operator logged no line matching ${String(pattern)} within ${timeoutMs} ms; see ${logFile}`)), timeoutMs);
      const done = (error?: Error, at?: number) => {
        clearTimeout(timer);
        waiting.delete(check);
        if (error) reject(error);
        else resolve(at ?? 0);
      };
      const check = () => {
        const hit = seen.find((entry) => pattern.test(entry.line));
        if (hit) done(undefined, hit.at);
        else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`ark operator exited (${child.exitCode ?? child.signalCode ?? '?'}) before logging ${String(pattern)}; see ${logFile}`));
      };
      waiting.add(check);
      check();
    }),
  };
}

export interface Memory {
  rssKiB: number;
  hwmKiB: number;
}

/** VmRSS (resident now) and VmHWM (the peak resident size so far) of a process. */
export async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const value = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    if (value === undefined) throw new Error(`/proc/${pid}/status has no ${name} line`);
    return Number(value);
  };
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

export interface Steady {
  /** Mean VmRSS over the samples. */
  meanKiB: number;
  maxKiB: number;
  /** VmHWM at the end of the sampling. */
  hwmKiB: number;
}

/** Samples VmRSS every `everyMs` for `forMs`. */
export async function steadyMemory(pid: number, forMs: number, everyMs = 250): Promise<Steady> {
  const samples: number[] = [];
  let last: Memory | undefined;
  for (const end = performance.now() + forMs; performance.now() < end;) {
    last = await memoryOf(pid);
    samples.push(last.rssKiB);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  if (last === undefined) throw new Error('steadyMemory: no sample taken; fix: give a positive duration');
  return { meanKiB: samples.reduce((a, b) => a + b, 0) / samples.length, maxKiB: Math.max(...samples), hwmKiB: last.hwmKiB };
}
