// `npm run kube:down`: stops the control plane started by kube:up and removes its state.
// Safe to run when nothing is running.
import { defaultStateDir } from './binaries.js';
import { readControlPlane, stopControlPlane } from './control-plane.js';

async function main(): Promise<void> {
  const stateDir = defaultStateDir();
  const plane = await readControlPlane(stateDir).catch(() => undefined);
  await stopControlPlane(stateDir);
  console.error(plane === undefined ? 'no control plane was running' : `stopped the control plane at ${plane.server}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
