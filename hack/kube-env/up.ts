// `npm run kube:up`: builds the binaries if needed, starts etcd + kube-apiserver detached, and
// prints how to point kubectl at them. Safe to run twice: a healthy control plane is reused.
import { ensureBinaries, defaultStateDir } from './binaries.js';
import { isHealthy, readControlPlane, startControlPlane, stopControlPlane } from './control-plane.js';
import type { ControlPlane } from './control-plane.js';
import { errorMessage } from '../../src/core/errors.js';

async function main(): Promise<void> {
  const stateDir = defaultStateDir();
  const existing = await readControlPlane(stateDir);
  if (existing !== undefined && (await isHealthy(existing))) {
    console.error(`control plane already running (${existing.server})`);
    printUsage(existing);
    return;
  }
  if (existing !== undefined) console.error('found a stale control plane; cleaning it up');
  await stopControlPlane(stateDir);

  const binDir = await ensureBinaries();
  const started = Date.now();
  const plane = await startControlPlane(stateDir, binDir);
  console.error(`control plane ready at ${plane.server} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  printUsage(plane);
}

/** The export lines go to stdout so `eval "$(npm run -s kube:up)"` works; hints go to stderr. */
function printUsage(plane: ControlPlane): void {
  console.error(`state: ${plane.stateDir} (logs: etcd.log, kube-apiserver.log); stop with: npm run kube:down`);
  console.error(`matching kubectl: ${plane.binDir}/kubectl`);
  console.log(`export KUBECONFIG=${plane.kubeconfig}`);
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
