// `npm run dev:up`: the whole product on this machine, without Docker — a control plane
// (etcd + kube-apiserver), a redis-server on a free port, the CRDs, `ark operator
// --dev-register`, and the kubelet stand-in that runs agent Deployments as local processes.
// Everything runs detached and is recorded in <dir>/stack.json (see stack.ts). The operator
// and the stand-in run the compiled code (rebuilt when src/ is newer than dist/): `ark
// runtime` replicas start again and again, and compiled code starts fastest.
// `npm run dev:up -- --provider mock [--mock-delay 400]` runs every agent replica on that
// provider (runtime-overrides.ts), so the examples run without API keys.
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBinaries } from '../kube-env/binaries.js';
import { isHealthy, readControlPlane, startControlPlane } from '../kube-env/control-plane.js';
import { freePorts, waitFor } from '../kube-env/net.js';
import { isOurProcess, spawnDetached } from '../kube-env/processes.js';
import { errorMessage } from '../../src/core/errors.js';
import { buildIfStale, REPO } from './build.js';
import { parseRuntimeOverrides, type ParsedOverrides } from './runtime-overrides.js';
import { runKubectl } from './kubectl.js';
import type { Stack } from './stack.js';
import { deadParts, planeDir, readStack, saveStack, stackDir, stopStack } from './stack.js';

async function main(): Promise<void> {
  const overrides = parseRuntimeOverrides(process.argv.slice(2));
  if (overrides.positionals.length > 0) throw new Error(`dev:up: unexpected argument "${overrides.positionals[0]}"; fix: the only flags are --provider <name> and --mock-delay <ms>`);
  const dir = stackDir();
  const existing = await readStack(dir);
  if (existing !== undefined && (await isUp(existing))) {
    console.error(`dev stack already up (${dir})${overrides.argv.length > 0 ? `; ${overrides.argv.join(' ')} applies when it starts: run npm run dev:down first` : ''}`);
    return printUsage(existing);
  }
  if (await stopStack(dir)) console.error('found a stale or partial dev stack; stopped it');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stack: Stack = { dir, pids: {} };
  try {
    await start(stack, overrides);
  } catch (err) {
    console.error(`dev:up failed; stopping what it started (logs in ${dir})`);
    await stopStack(dir);
    throw err;
  }
  printUsage(stack);
}

async function start(stack: Stack, overrides: ParsedOverrides): Promise<void> {
  requireRedis();
  console.error('control plane: kube-apiserver + etcd (the first run builds them from source, which takes a while)');
  const binDir = await ensureBinaries();
  const plane = await startControlPlane(planeDir(stack.dir), binDir);
  Object.assign(stack, { kubeconfig: plane.kubeconfig, binDir });
  await saveStack(stack);
  const [redisPort, metricsPort, webhookPort] = (await freePorts(3)) as [number, number, number];
  const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', stack.dir];
  stack.pids.redis = spawnDetached('redis-server', redisArgs, join(stack.dir, 'redis.log'));
  stack.redisUrl = `redis://127.0.0.1:${redisPort}`;
  await saveStack(stack);
  await runKubectl(plane, ['apply', '--server-side', '-f', join(REPO, 'manifests', 'crds')]);
  await buildIfStale();
  const operatorArgs = [join(REPO, 'bin', 'ark.js'), 'operator', '--dev-register', '--kubeconfig', plane.kubeconfig, '--redis-url', stack.redisUrl,
    '--metrics-port', String(metricsPort), '--webhook-port', String(webhookPort), '--dev-cert-dir', join(stack.dir, 'dev-certs')];
  stack.pids.operator = spawnDetached(process.execPath, operatorArgs, join(stack.dir, 'operator.log'));
  await saveStack(stack);
  const kubeletArgs = [join(REPO, 'dist', 'hack', 'dev', 'kubelet-main.js'), join(stack.dir, 'kubelet'), plane.kubeconfig, binDir, ...overrides.argv];
  stack.pids.kubelet = spawnDetached(process.execPath, kubeletArgs, join(stack.dir, 'kubelet.log'));
  await saveStack(stack);
  const operatorPid = stack.pids.operator;
  await waitFor('ark operator /readyz', () => httpOk(`http://127.0.0.1:${metricsPort}/readyz`), 60_000,
    () => (isOurProcess(operatorPid, stack.dir) ? undefined : `ark operator exited; see ${join(stack.dir, 'operator.log')}`));
}

async function isUp(stack: Stack): Promise<boolean> {
  const plane = await readControlPlane(planeDir(stack.dir));
  return plane !== undefined && (await isHealthy(plane)) && deadParts(stack).length === 0;
}

function requireRedis(): void {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined) throw new Error('redis-server is not on PATH; fix: install it (apt-get install redis-server, brew install redis)');
}

async function httpOk(url: string): Promise<boolean> {
  return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
}

/** The export line goes to stdout so `eval "$(npm run -s dev:up)"` works; hints go to stderr. */
function printUsage(stack: Stack): void {
  console.error([
    `dev stack in ${stack.dir}: redis ${stack.redisUrl ?? '?'}; logs: operator.log, kubelet.log, redis.log, kubelet/pods/*.log, kube/*.log`,
    `kubectl of the same release: ${stack.binDir ?? '?'}/kubectl`,
    'next:',
    '  kubectl apply -f examples/   (no API keys? start with npm run dev:up -- --provider mock)',
    '  kubectl create -f <an ArkRun manifest: spec.teamRef.name: quickstart>',
    '  kubectl get arkruns -w',
    'stop everything with: npm run dev:down',
  ].join('\n'));
  console.log(`export KUBECONFIG=${stack.kubeconfig ?? ''}`);
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
